package main

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

// My Referrals in the browser: the user's referrals with their status and
// the CAC's messages, and the form for a new LE or CPS referral. The form's
// inputs are named with the SDK's field paths ("children[0].given_name"),
// so each problem referral.Validate finds is shown beside its input.

// referralsView is what referrals.html shows.
type referralsView struct {
	Referrals []referral.Referral
	// Next continues the list; empty on the last page.
	Next string
	// NewLE and NewCPS offer the two forms the user may fill in.
	NewLE, NewCPS bool
}

// referralsPage is the My Referrals tab (referral.Service.Mine).
func (s *server) referralsPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	page, err := s.cfg.Referrals.Mine(r.Context(), p, referral.MineQuery{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		s.renderError(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "referrals.html", p, referralsView{
		Referrals: page.Referrals, Next: page.Next,
		NewLE: p.Portal.Has(portal.SubmitLEReferrals), NewCPS: p.Portal.Has(portal.SubmitCPSReferrals),
	})
}

// referralPage opens one of the user's referrals (referral.Service.GetMine):
// its status and its history, with every message between the CAC and the
// referrer.
func (s *server) referralPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ref, err := s.cfg.Referrals.GetMine(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.renderError(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "referral.html", p, ref)
}

// formView is what referral_new.html shows: the form's fields, grouped,
// with what the user typed and the problems found.
type formView struct {
	Kind     referral.Kind
	Title    string
	Sections []formSection
	// Key makes a double-clicked Submit one referral, not two (the SDK's
	// idempotency key).
	Key string
	// Others are problems no field of the form shows.
	Others []string
}

// formSection is a group of fields.
type formSection struct {
	Legend string
	Fields []formField
}

// formField is one input.
type formField struct {
	Name, Label string
	// Type is an input type ("text", "date", "tel", "email"), "textarea",
	// "select" or "checkboxes".
	Type     string
	Required bool
	Value    string
	Options  []formOption
	Problem  string
}

// formOption is one choice of a select or of checkboxes.
type formOption struct {
	Value, Label string
	Selected     bool
}

// newReferralPage shows an empty LE or CPS form (?kind=le or cps).
func (s *server) newReferralPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	kind := referral.Kind(r.URL.Query().Get("kind"))
	if err := mayFill(p, kind); err != nil {
		s.renderError(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "referral_new.html", p, newFormView(kind, url.Values{}, randomToken(16), nil))
}

// mayFill refuses a kind the portal's form does not offer or the user may
// not submit. The SDK checks the same again on Submit.
func mayFill(p *auth.Principal, kind referral.Kind) error {
	switch kind {
	case referral.KindLE:
		return p.RequireCapability(portal.SubmitLEReferrals)
	case referral.KindCPS:
		return p.RequireCapability(portal.SubmitCPSReferrals)
	}
	return invalid("kind", carenet.RuleOneOf, "must be le or cps")
}

// submitReferralPage submits the form (referral.Service.Submit) and opens
// the new referral; with problems it shows the form again, as typed.
func (s *server) submitReferralPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	in := r.PostForm
	kind := referral.Kind(in.Get("kind"))
	if err := mayFill(p, kind); err != nil {
		s.renderError(w, r, p, err)
		return
	}
	f, err := formOf(kind, in)
	if err == nil {
		var ref referral.Referral
		ref, err = s.cfg.Referrals.Submit(r.Context(), p, in.Get("idempotency_key"), f)
		if err == nil {
			http.Redirect(w, r, "/portal/referrals/"+url.PathEscape(ref.ID), http.StatusSeeOther)
			return
		}
	}
	if carenet.ErrorCode(err) != carenet.Invalid {
		s.renderError(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusBadRequest, "referral_new.html", p, newFormView(kind, in, in.Get("idempotency_key"), carenet.Validation(err)))
}

// formOf reads a posted form into a referral.Form. A date that is not a
// date is an Invalid error naming its field; every other rule is the SDK's.
func formOf(kind referral.Kind, in url.Values) (referral.Form, error) {
	get := func(name string) string { return strings.TrimSpace(in.Get(name)) }
	var p carenet.Problems
	date := func(name string) *time.Time {
		v := get(name)
		if v == "" {
			return nil
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			p.Add(name, carenet.RuleFormat, "must be a date, such as 2026-02-20")
			return nil
		}
		return &t
	}
	f := referral.Form{
		Kind:             kind,
		Referrer:         referral.Contact{Name: get("referrer.name"), Agency: get("referrer.agency"), Phone: get("referrer.phone"), Email: get("referrer.email")},
		Reason:           get("reason"),
		AgencyCaseNumber: get("agency_case_number"),
		IncidentDate:     date("incident_date"),
		ReportedDate:     date("reported_date"),
		Children: []referral.Child{{
			GivenName: get("children[0].given_name"), FamilyName: get("children[0].family_name"),
			DateOfBirth: date("children[0].date_of_birth"),
		}},
		Allegations: []referral.Allegation{{Type: referral.AllegationType(get("allegations[0].type")), Details: get("allegations[0].details")}},
		Narrative:   get("narrative"),
		Urgency:     referral.Urgency(get("urgency")),
	}
	for _, sv := range in["services"] {
		f.Services = append(f.Services, referral.RequestedService(sv))
	}
	switch kind {
	case referral.KindLE:
		f.LE = &referral.LEPart{Investigator: referral.Contact{Name: get("le.investigator.name")},
			BadgeNumber: get("le.badge_number"), ReportNumber: get("le.report_number")}
	case referral.KindCPS:
		f.CPS = &referral.CPSPart{Caseworker: referral.Contact{Name: get("cps.caseworker.name")},
			IntakeNumber: get("cps.intake_number"), SafetyConcerns: get("cps.safety_concerns")}
	}
	if err := p.Err(); err != nil {
		return f, carenet.E("portalserver", carenet.Invalid, "", err)
	}
	return f, nil
}

// newFormView lays out the form of kind, filled with in and the problems
// of v.
func newFormView(kind referral.Kind, in url.Values, key string, v *carenet.ValidationError) formView {
	text := func(name, label string, required bool) formField {
		return formField{Name: name, Label: label, Type: "text", Required: required}
	}
	typed := func(f formField, t string) formField { f.Type = t; return f }
	choices := func(values []string, selected []string) []formOption {
		out := make([]formOption, len(values))
		for i, v := range values {
			out[i] = formOption{Value: v, Label: words(v), Selected: slices.Contains(selected, v)}
		}
		return out
	}
	out := formView{Kind: kind, Key: key, Title: "New law-enforcement referral", Sections: []formSection{
		{"Referrer", []formField{
			text("referrer.name", "Your name", true), text("referrer.agency", "Agency", true),
			typed(text("referrer.phone", "Phone", false), "tel"), typed(text("referrer.email", "Email", false), "email"),
		}},
		{"Referral", []formField{
			typed(text("reason", "Reason for the referral", true), "textarea"),
			text("agency_case_number", "Agency case number", false),
			typed(text("incident_date", "Incident date", false), "date"),
			typed(text("reported_date", "Date reported to your agency", false), "date"),
			{Name: "urgency", Label: "Urgency", Type: "select", Required: true, Options: choices(names(referral.Urgencies()), in["urgency"])},
			{Name: "services", Label: "Services requested", Type: "checkboxes", Options: choices(names(referral.RequestedServices()), in["services"])},
		}},
		{"Child", []formField{
			text("children[0].given_name", "Given name", true), text("children[0].family_name", "Family name", true),
			typed(text("children[0].date_of_birth", "Date of birth", true), "date"),
		}},
		{"Allegation", []formField{
			{Name: "allegations[0].type", Label: "Type", Type: "select", Required: true, Options: choices(names(referral.AllegationTypes()), in["allegations[0].type"])},
			text("allegations[0].details", "Details (required for other)", false),
			typed(text("narrative", "What happened, in your words", true), "textarea"),
		}},
	}}
	switch kind {
	case referral.KindLE:
		out.Sections = append(out.Sections, formSection{"Law enforcement", []formField{
			text("le.investigator.name", "Investigator", true), text("le.badge_number", "Badge number", false),
			text("le.report_number", "Police report number", false),
		}})
	case referral.KindCPS:
		out.Title = "New child protective services referral"
		out.Sections = append(out.Sections, formSection{"Child protective services", []formField{
			text("cps.caseworker.name", "Caseworker", true), text("cps.intake_number", "Intake number", false),
			typed(text("cps.safety_concerns", "Safety concerns", false), "textarea"),
		}})
	}
	// Fill in what was typed and each field's problems; a problem with no
	// input of its own is listed above the form.
	shown := map[string]bool{}
	for i := range out.Sections {
		for j := range out.Sections[i].Fields {
			f := &out.Sections[i].Fields[j]
			f.Value = in.Get(f.Name)
			shown[f.Name] = true
			if v == nil {
				continue
			}
			for _, p := range v.Problems {
				if p.Field == f.Name {
					f.Problem = strings.TrimSpace(f.Problem + " " + p.Message)
				}
			}
		}
	}
	if v != nil {
		for _, p := range v.Problems {
			if !shown[p.Field] {
				out.Others = append(out.Others, p.Field+": "+p.Message)
			}
		}
	}
	return out
}

// names are the stable names of a catalogue.
func names[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

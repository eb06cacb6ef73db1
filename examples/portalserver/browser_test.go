package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/video"
)

// The portal as a person sees it, in a real headless Chromium driven over
// the DevTools protocol by chromedp. The server runs behind TLS, so the
// Secure, __Host- cookies travel as they would in production.
//
// The browser is found at $CARENET_CHROMIUM, else /usr/bin/chromium
// (Debian's package; .ci/run installs it). Without it the tests skip, or
// fail when CI is set.

// chromiumPath finds the browser or skips (fails in CI) saying why.
func chromiumPath(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("CARENET_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	msg := "the browser tests need Chromium: apt-get install -y chromium, or set CARENET_CHROMIUM to its path"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser is one Chromium process for a test; each user gets a browser
// context of their own in it, with its own cookies, as if on their own
// machine.
type browser struct {
	t   *testing.T
	h   *harness
	ctx context.Context
}

// newBrowser starts Chromium with the flags this machine's closed network
// needs and a new empty profile.
func newBrowser(t *testing.T, h *harness) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		// The test server's certificate is its own.
		chromedp.Flag("ignore-certificate-errors", true),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx), "start Chromium")
	return &browser{t: t, h: h, ctx: ctx}
}

// tab is one user's browser context.
type tab struct {
	b   *browser
	ctx context.Context
}

// user opens a new browser context, with no cookies.
func (b *browser) user() *tab {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, time.Minute)
	b.t.Cleanup(cancelTimeout)
	return &tab{b: b, ctx: ctx}
}

// run runs actions in the tab and requires them to succeed.
func (u *tab) run(actions ...chromedp.Action[chromedp.Void]) {
	u.b.t.Helper()
	require.NoError(u.b.t, chromedp.Do(u.ctx, actions...))
}

// value runs an action that gives a value.
func value[T any](u *tab, a chromedp.Action[T]) T {
	u.b.t.Helper()
	v, err := chromedp.Run(u.ctx, a)
	require.NoError(u.b.t, err)
	return v
}

// open goes to path on the server and waits for its page.
func (u *tab) open(path string) {
	u.b.t.Helper()
	u.run(chromedp.Navigate(u.b.h.srv.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
}

// submit clicks sel and waits until the page at the new address is ready.
func (u *tab) submit(sel string) {
	u.b.t.Helper()
	// Mark the page, then wait for a page without the mark.
	value(u, chromedp.Evaluate[string](`document.documentElement.dataset.page = "old"`))
	u.run(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitReady(chromedp.CSS(`html:not([data-page="old"]) main`)))
}

// eval evaluates a JavaScript expression in the page, through DevTools
// (the pages themselves allow no script).
func eval[T any](u *tab, js string) T {
	u.b.t.Helper()
	return value(u, chromedp.Evaluate[T](js))
}

// texts are the trimmed texts of the elements sel matches.
func (u *tab) texts(sel string) []string {
	u.b.t.Helper()
	return eval[[]string](u, `[...document.querySelectorAll(`+quoteJS(sel)+`)].map(e => e.textContent.trim())`)
}

// text is the text of main.
func (u *tab) text() string {
	u.b.t.Helper()
	return value(u, chromedp.Text(chromedp.CSS("main")))
}

// path is the address of the page, without the server.
func (u *tab) path() string {
	u.b.t.Helper()
	return strings.TrimPrefix(value(u, chromedp.Location()), u.b.h.srv.URL)
}

// quoteJS quotes s as a JavaScript string.
func quoteJS(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// signIn signs the seeded user in through the sign-in form.
func (u *tab) signIn(username string) {
	u.b.t.Helper()
	u.open("/signin")
	u.run(chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), u.b.h.seed.user(username).Password))
	u.submit("main form button[type=submit]")
}

// fill sets the inputs named in values, as typing would.
func (u *tab) fill(values map[string]string) {
	u.b.t.Helper()
	for name, v := range values {
		u.run(chromedp.SetValue(chromedp.CSS(`[name="`+name+`"]`), v))
	}
}

func TestPortalInTheBrowser(t *testing.T) {
	h := newHarness(t, true, false)
	b := newBrowser(t, h)

	t.Run("EachDesignationSeesExactlyItsTabs", func(t *testing.T) {
		for _, tc := range []struct {
			username string
			tabs     []string
			// toCareNet is the Portal button's label, "" for none.
			toCareNet string
		}{
			{"rokafor", []string{"Dashboard", "My Referrals"}, ""},
			{"pnguyen", []string{"Dashboard", "My Videos"}, ""},
			{"dbrooks", []string{"Dashboard", "My Referrals"}, "CareNet"},
			{"cdiaz", []string{"Dashboard", "My Videos", "My Referrals"}, "CareNet"},
		} {
			u := b.user()
			u.signIn(tc.username)
			require.Equal(t, "/portal", u.path(), "%s lands on the Dashboard", tc.username)
			require.Equal(t, tc.tabs, u.texts("nav a.tab"), tc.username)
			require.Equal(t, "Dashboard", u.texts("main h1")[0])
			switches := u.texts("#portal-switch")
			if tc.toCareNet == "" {
				require.Empty(t, switches, "%s has no Portal button", tc.username)
				continue
			}
			require.Equal(t, []string{tc.toCareNet}, switches, tc.username)
			// The button flips to the CareNet staff side and back.
			u.submit("#portal-switch")
			require.Equal(t, "/carenet", u.path())
			require.Equal(t, []string{"CareNet"}, u.texts("main h1"))
			require.Empty(t, u.texts("nav a.tab"), "CareNet shows no portal tabs")
			require.Equal(t, []string{"Portal"}, u.texts("#portal-switch"))
			u.submit("#portal-switch")
			require.Equal(t, "/portal", u.path())
			require.Equal(t, tc.tabs, u.texts("nav a.tab"))
		}

		// A tab the user lacks is refused, even typed into the address bar.
		u := b.user()
		u.signIn("rokafor")
		u.open("/portal/videos")
		status := eval[string](u, `document.querySelector('[data-status]').dataset.status`)
		require.Equal(t, "403", status)

		// A staff user without the portal lands in CareNet, with no button.
		u = b.user()
		u.signIn("srivera")
		require.Equal(t, "/carenet", u.path())
		require.Empty(t, u.texts("#portal-switch"))
	})

	t.Run("ViewOnlyShareOffersNoDownload", func(t *testing.T) {
		paul := h.shareOf("pnguyen", video.ViewOnly)
		u := b.user()
		u.signIn("pnguyen")
		u.open("/portal/videos")
		require.Equal(t, []string{"My Videos"}, u.texts("main h1"))
		require.Len(t, u.texts("section.video"), 1)
		require.Equal(t, []string{"View"}, u.texts("section.video button"), "a view-only share offers View alone")
		require.Equal(t, []string{"viewing only"}, u.texts("section.video .mode"))
		page := u.text()
		require.Contains(t, page, paul.Title)
		require.Contains(t, page, "case-2026-0042")
		sum := sha256.Sum256(paul.Contents)
		require.Contains(t, page, hex.EncodeToString(sum[:]), "the video's SHA-256 is shown")

		// A forged download of the view-only share: the form sent to the
		// download address with the agreement ticked and a valid CSRF
		// token. The SDK refuses it and no ticket is issued.
		eval[bool](u, `(() => { const f = document.querySelector('section.video form');
			f.action = '/portal/videos/`+paul.ShareID+`/download';
			f.querySelector('[name=agreement]').checked = true; return true })()`)
		u.submit("section.video button.view")
		status := eval[string](u, `document.querySelector('[role=alert]').textContent`)
		require.Contains(t, status, "could not be opened")
		require.Equal(t, "/portal/videos/"+paul.ShareID+"/download", u.path())
		require.NotContains(t, u.text(), "ticket=")

		// Viewing it works: the player streams it with a view ticket.
		u.open("/portal/videos")
		u.run(chromedp.Click(chromedp.CSS("section.video [name=agreement]")))
		u.submit("section.video button.view")
		src := eval[string](u, `document.querySelector('main video').getAttribute('src')`)
		require.True(t, strings.HasPrefix(src, "/api/videos/view?ticket="), src)

		// The user whose share allows it is offered Download on that share
		// only.
		cara := b.user()
		cara.signIn("cdiaz")
		cara.open("/portal/videos")
		down := h.shareOf("cdiaz", video.ViewAndDownload)
		buttons := eval[map[string][]string](cara, `Object.fromEntries([...document.querySelectorAll('section.video')].map(s =>
			[s.dataset.share, [...s.querySelectorAll('button')].map(b => b.textContent.trim())]))`)
		require.Equal(t, map[string][]string{
			down.ShareID: {"View", "Download"},
			h.shareOf("cdiaz", video.ViewOnly).ShareID: {"View"},
		}, buttons)
	})

	t.Run("SignInAsksForTheOneTimeCodeWhenTheAccountHasOne", func(t *testing.T) {
		secret := enrolTOTP(t, h, "dbrooks")
		u := b.user()
		u.signIn("dbrooks")
		require.Equal(t, []string{"Your one-time code"}, u.texts("main h1"))
		require.Empty(t, u.texts("header .username"), "not signed in yet")

		u.run(chromedp.SendKeys(chromedp.CSS("#totp_code"), "000000"))
		u.submit("main form button[type=submit]")
		require.Equal(t, []string{"Your one-time code"}, u.texts("main h1"), "a wrong code asks again")
		require.NotEmpty(t, u.texts("[role=alert]"))

		h.advance(30 * time.Second) // a code not used before
		code, err := totp.Generate(secret, h.clock.Now(), h.app.Auth.Config().TOTP)
		require.NoError(t, err)
		u.run(chromedp.SendKeys(chromedp.CSS("#totp_code"), code))
		u.submit("main form button[type=submit]")
		require.Equal(t, "/portal", u.path())
		require.Equal(t, []string{"dbrooks"}, u.texts("header .username"))
	})

	t.Run("SubmittedReferralAppearsInMyReferralsWithItsStatus", func(t *testing.T) {
		u := b.user()
		u.signIn("rokafor")
		u.open("/portal/referrals")
		u.submit("#new-le")
		require.Equal(t, []string{"New law-enforcement referral"}, u.texts("main h1"))
		day := func(daysAgo int) string { return h.clock.Now().AddDate(0, 0, -daysAgo).Format(time.DateOnly) }
		u.fill(map[string]string{
			"referrer.name": "Rita Okafor", "referrer.agency": "Metro PD", "referrer.phone": "555-010-2000",
			"reason": "Disclosure to a neighbour.", "incident_date": day(5), "reported_date": day(2),
			"urgency": "routine", "children[0].given_name": "Robin", "children[0].family_name": "Lake",
			"children[0].date_of_birth": day(8 * 365), "allegations[0].type": "neglect",
			"narrative": "Robin said there is often no food at home.", "le.investigator.name": "Det. Rita Okafor",
		})
		u.run(chromedp.Click(chromedp.CSS(`[name=services][value=forensic_interview]`)))
		u.submit("#referral-form button[type=submit]")
		require.True(t, strings.HasPrefix(u.path(), "/portal/referrals/"), u.path())
		require.Equal(t, []string{"LE referral for Robin Lake"}, u.texts("main h1"))
		require.Equal(t, []string{"submitted"}, u.texts("#status"))
		id := strings.TrimPrefix(u.path(), "/portal/referrals/")

		u.open("/portal/referrals")
		status := eval[string](u, `document.querySelector('tr[data-referral="`+id+`"] .status').textContent`)
		require.Equal(t, "submitted", status)

		// The CAC asks for more; the referrer follows it in the portal.
		sam := h.principal("srivera")
		ref, err := h.app.Referrals.MarkUnderReview(context.Background(), sam, id, 1)
		require.NoError(t, err)
		_, err = h.app.Referrals.RequestInfo(context.Background(), sam, id, ref.Version, "Which school does Robin attend?")
		require.NoError(t, err)
		u.open("/portal/referrals/" + id)
		require.Equal(t, []string{"info requested"}, u.texts("#status"))
		require.Contains(t, u.texts("#history .message"), "Which school does Robin attend?")
	})

	t.Run("FormWithoutTheCSRFTokenIsRefused", func(t *testing.T) {
		u := b.user()
		u.signIn("rokafor")
		u.open("/portal/referrals")
		before := len(u.texts("#referrals tr[data-referral]"))
		// A form such as another site would post: every field, no token.
		eval[bool](u, `(() => { const f = document.createElement('form'); f.method = 'post'; f.action = '/portal/referrals';
			for (const [k, v] of Object.entries({kind: 'le', reason: 'x', narrative: 'y'})) {
				const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i) }
			const b = document.createElement('button'); b.id = 'forged'; f.appendChild(b);
			document.querySelector('main').appendChild(f); return true })()`)
		u.submit("#forged")
		status := eval[string](u, `document.querySelector('[data-status]').dataset.status`)
		require.Equal(t, "403", status)
		u.open("/portal/referrals")
		require.Len(t, u.texts("#referrals tr[data-referral]"), before, "nothing was submitted")
	})
}

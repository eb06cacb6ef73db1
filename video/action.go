package video

import "github.com/carenet-go/carenet"

// Action is what a grantee asks to do with a shared video.
type Action uint8

// The actions. The zero Action is no action and is never allowed.
const (
	// View streams the video in the browser.
	View Action = 1
	// Download saves a copy of the video.
	Download Action = 2
)

// String is the action's stable name: "view" or "download".
func (a Action) String() string {
	switch a {
	case View:
		return "view"
	case Download:
		return "download"
	}
	return "unknown"
}

// Valid reports whether a is View or Download.
func (a Action) Valid() bool { return a == View || a == Download }

// ParseAction returns the action named s ("view" or "download").
func ParseAction(s string) (Action, error) {
	switch s {
	case "view":
		return View, nil
	case "download":
		return Download, nil
	}
	return 0, carenet.Errorf(carenet.Invalid, "unknown video action %q", s)
}

package auth

import "github.com/carenet-go/carenet/internal/observe"

// observeStore wraps st for the service's logger and observer, keeping
// its optional SessionLooker capability.
func observeStore(h *observe.Hooks, st Store) Store {
	w := observe.Store(h, "auth", st)
	if l, ok := st.(SessionLooker); ok && h != nil {
		return lookingStore{w, l}
	}
	return w
}

// lookingStore is an observed Store that still looks sessions up with
// one statement.
type lookingStore struct {
	Store
	SessionLooker
}

package personnel

import (
	"context"

	"github.com/carenet-go/carenet"
)

// GroupByID returns the personnel group with id, or NotFound. A repository
// that is a GroupGetter reads it by its key; any other finds it in List.
func GroupByID(ctx context.Context, r GroupRepository, id string) (Group, error) {
	if g, ok := r.(GroupGetter); ok {
		return g.Get(ctx, id)
	}
	groups, err := r.List(ctx)
	if err != nil {
		return Group{}, err
	}
	for _, g := range groups {
		if g.ID == id {
			return g, nil
		}
	}
	return Group{}, carenet.E("personnel.GroupByID", carenet.NotFound, "personnel group not found", nil)
}

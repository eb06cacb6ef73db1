package auth

import (
	"context"

	"github.com/carenet-go/carenet"
)

// SecurityGroupByID returns the security group with id, or NotFound. A
// repository that is a SecurityGroupGetter reads it by its key; any other
// finds it in List (a center has a handful of groups).
func SecurityGroupByID(ctx context.Context, r SecurityGroupRepository, id string) (SecurityGroup, error) {
	if g, ok := r.(SecurityGroupGetter); ok {
		return g.Get(ctx, id)
	}
	groups, err := r.List(ctx)
	if err != nil {
		return SecurityGroup{}, err
	}
	for _, g := range groups {
		if g.ID == id {
			return g, nil
		}
	}
	return SecurityGroup{}, carenet.E("auth.SecurityGroupByID", carenet.NotFound, "security group not found", nil)
}

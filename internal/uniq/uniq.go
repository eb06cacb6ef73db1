// Package uniq drops repeats from lists the SDK keeps in order.
package uniq

// Ordered returns s without repeats, in first-seen order, in a new slice.
func Ordered[T comparable](s []T) []T {
	out := make([]T, 0, len(s))
	seen := make(map[T]bool, len(s))
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/postgres"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

// TestVideoConstraints writes behind the store's back: the schema itself
// refuses videos and shares that break the rules.
func TestVideoConstraints(t *testing.T) {
	_, db := freshStore(t)
	const sum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	setup := []string{
		`INSERT INTO carenet.people (id, family_name, agency_kind, state, created_at, updated_at, version, family_key, given_key, agency_key)
		 VALUES ('p-1', 'Lovelace', 'cac', 'active', now(), now(), 1, 'lovelace', '', ''),
		        ('p-2', 'Hopper', 'cac', 'active', now(), now(), 1, 'hopper', '', '')`,
		`INSERT INTO carenet.videos (id, client_id, duration_ns, size_bytes, sha256, uploaded_by)
		 VALUES ('v-1', 'c-1', 1000, 1000, '` + sum + `', 'p-1')`,
		`INSERT INTO carenet.video_shares (id, video_id, grantee_id, shared_by, mode, starts_at, expires_at, version)
		 VALUES ('s-1', 'v-1', 'p-2', 'p-1', 'view', now(), now() + interval '1 day', 1)`,
	}
	for _, stmt := range setup {
		_, err := db.Exec(stmt)
		require.NoError(t, err, stmt)
	}
	video := func(values string) string {
		return `INSERT INTO carenet.videos (id, client_id, duration_ns, size_bytes, sha256, interviewer_id, uploaded_by) VALUES ` + values
	}
	share := func(values string) string {
		return `INSERT INTO carenet.video_shares (id, video_id, grantee_id, shared_by, mode, starts_at, expires_at, version) VALUES ` + values
	}
	for _, c := range []struct {
		name, stmt, code, constraint string
	}{
		{"empty video id", video(`('', 'c-1', 1, 1, '` + sum + `', NULL, NULL)`), "23514", "videos_id_check"},
		{"empty client", video(`('v-2', '', 1, 1, '` + sum + `', NULL, NULL)`), "23514", "videos_client_id_check"},
		{"no duration", video(`('v-2', 'c-1', 0, 1, '` + sum + `', NULL, NULL)`), "23514", "videos_duration_check"},
		{"no size", video(`('v-2', 'c-1', 1, 0, '` + sum + `', NULL, NULL)`), "23514", "videos_size_bytes_check"},
		{"upper-case checksum", video(`('v-2', 'c-1', 1, 1, upper('` + sum + `'), NULL, NULL)`), "23514", "videos_sha256_check"},
		{"short checksum", video(`('v-2', 'c-1', 1, 1, 'abc', NULL, NULL)`), "23514", "videos_sha256_check"},
		{"missing interviewer", video(`('v-2', 'c-1', 1, 1, '` + sum + `', 'p-missing', NULL)`), "23503", "videos_interviewer_id_fkey"},
		{"missing uploader", video(`('v-2', 'c-1', 1, 1, '` + sum + `', NULL, 'p-missing')`), "23503", "videos_uploaded_by_fkey"},
		{"empty uploader", video(`('v-2', 'c-1', 1, 1, '` + sum + `', NULL, '')`), "23503", "videos_uploaded_by_fkey"},
		{"taken video id", video(`('v-1', 'c-2', 1, 1, '` + sum + `', NULL, NULL)`), "23505", "videos_pkey"},
		{"empty share id", share(`('', 'v-1', 'p-2', NULL, 'view', now(), now() + interval '1 day', 1)`), "23514", "video_shares_id_check"},
		{"share of a missing video", share(`('s-2', 'v-missing', 'p-2', NULL, 'view', now(), now() + interval '1 day', 1)`), "23503", "video_shares_video_id_fkey"},
		{"missing grantee", share(`('s-2', 'v-1', 'p-missing', NULL, 'view', now(), now() + interval '1 day', 1)`), "23503", "video_shares_grantee_id_fkey"},
		{"no grantee", share(`('s-2', 'v-1', NULL, NULL, 'view', now(), now() + interval '1 day', 1)`), "23502", ""},
		{"missing sharer", share(`('s-2', 'v-1', 'p-2', 'p-missing', 'view', now(), now() + interval '1 day', 1)`), "23503", "video_shares_shared_by_fkey"},
		{"unknown mode", share(`('s-2', 'v-1', 'p-2', NULL, 'download', now(), now() + interval '1 day', 1)`), "23514", "video_shares_mode_check"},
		{"expiry at the start", share(`('s-2', 'v-1', 'p-2', NULL, 'view', now(), now(), 1)`), "23514", "video_shares_window_check"},
		{"expiry before the start", `UPDATE carenet.video_shares SET expires_at = starts_at - interval '1 second'`, "23514", "video_shares_window_check"},
		{"share version zero", `UPDATE carenet.video_shares SET version = 0`, "23514", "video_shares_version_check"},
		{"delete a video with shares", `DELETE FROM carenet.videos WHERE id = 'v-1'`, "23503", "video_shares_video_id_fkey"},
		{"delete a grantee", `DELETE FROM carenet.people WHERE id = 'p-2'`, "23503", "video_shares_grantee_id_fkey"},
		{"delete an uploader", `DELETE FROM carenet.people WHERE id = 'p-1'`, "23503", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := db.Exec(c.stmt)
			code, constraint, ok := postgres.ServerError(err)
			require.True(t, ok, "the database accepted it (error %v)", err)
			require.Equal(t, c.code, code, "%v", err)
			if c.constraint != "" {
				require.Equal(t, c.constraint, constraint, "%v", err)
			}
		})
	}
}

// TestVideoErrorCodes checks the codes the video repositories give for
// what the schema refuses, that the refused write changed nothing, and
// that a person a video or a share names cannot be deleted.
func TestVideoErrorCodes(t *testing.T) {
	s, _ := freshStore(t)
	staff, _ := user(t, s, "videocodes")
	grantee, _ := videoPortalUser(t, s, "videocodesgrantee")
	v := testVideo("v-1", "c-1", staff.ID)
	sh := testShare("s-1", v.ID, grantee.ID, staff.ID, epoch)
	require.NoError(t, s.Video().Update(ctx, func(tx video.Tx) error {
		if err := tx.Videos().Create(ctx, v); err != nil {
			return err
		}
		return tx.Shares().Create(ctx, sh)
	}))
	sh.Version = 1

	for name, change := range map[string]func(*video.Video){
		"no duration":         func(v *video.Video) { v.Duration = 0 },
		"negative size":       func(v *video.Video) { v.SizeBytes = -1 },
		"checksum not in hex": func(v *video.Video) { v.SHA256 = "not a checksum" },
		"no client":           func(v *video.Video) { v.ClientID = "" },
	} {
		bad := testVideo("v-2", "c-1", staff.ID)
		change(&bad)
		err := s.Video().Update(ctx, func(tx video.Tx) error { return tx.Videos().Create(ctx, bad) })
		requireCode(t, err, carenet.Invalid)
		require.NotEmpty(t, carenet.ErrorMessage(err), name)
	}
	for name, change := range map[string]func(*video.Share){
		"unknown mode":    func(s *video.Share) { s.Mode = "stream" },
		"empty window":    func(s *video.Share) { s.ExpiresAt = s.StartsAt },
		"reversed window": func(s *video.Share) { s.ExpiresAt = s.StartsAt.Add(-time.Hour) },
	} {
		bad := testShare("s-2", v.ID, grantee.ID, staff.ID, epoch)
		change(&bad)
		err := s.Video().Update(ctx, func(tx video.Tx) error { return tx.Shares().Create(ctx, bad) })
		requireCode(t, err, carenet.Invalid)
		require.NotEmpty(t, carenet.ErrorMessage(err), name)
		if name == "unknown mode" {
			require.Equal(t, "the share mode must be view or view_download", carenet.ErrorMessage(err))
		}
	}
	// Extending to before the start is refused by the schema too, and the
	// share is left as it was.
	err := s.Video().Update(ctx, func(tx video.Tx) error {
		bad := sh
		bad.ExpiresAt = sh.StartsAt.Add(-time.Hour)
		_, err := tx.Shares().Update(ctx, bad)
		return err
	})
	requireCode(t, err, carenet.Invalid)
	require.NoError(t, s.Video().View(ctx, func(tx video.Tx) error {
		got, err := tx.Shares().Get(ctx, sh.ID)
		require.Equal(t, sh, got)
		_, verr := tx.Videos().Get(ctx, "v-2")
		requireCode(t, verr, carenet.NotFound)
		all, lerr := tx.Shares().ListByVideo(ctx, v.ID)
		require.NoError(t, lerr)
		require.Len(t, all, 1)
		return err
	}))

	// The guarded delete reports the references; the store refuses the
	// delete itself.
	err = s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		acct, err := tx.Accounts().ByPerson(ctx, grantee.ID)
		if err != nil {
			return err
		}
		if err := auth.DeleteAccount(ctx, tx, acct.ID); err != nil {
			return err
		}
		return tx.People().Delete(ctx, grantee.ID)
	})
	requireCode(t, err, carenet.InUse)
	require.Equal(t, "videos are shared with the person", carenet.ErrorMessage(err))
	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.Accounts().ByPerson(ctx, grantee.ID)
		return err
	}), "the refused delete rolled back the login's delete too")
}

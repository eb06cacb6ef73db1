-- 0012_referral_kinds: Referral Portal Access names the kinds of referral a
-- login may submit through the portal (portal.ReferralKinds): 1 for LE, 2 for
-- CPS, 3 for both, 0 for none. It was one switch that granted both kinds, so
-- every login that had it keeps both.
ALTER TABLE carenet.accounts
    ALTER COLUMN portal_referral DROP DEFAULT,
    ALTER COLUMN portal_referral TYPE smallint
        USING (CASE WHEN portal_referral THEN 3 ELSE 0 END),
    ALTER COLUMN portal_referral SET DEFAULT 0,
    ADD CONSTRAINT accounts_portal_referral_check CHECK (portal_referral BETWEEN 0 AND 3);

COMMENT ON COLUMN carenet.accounts.portal_referral IS
    'Referral Portal Access: the referral kinds the login may submit, 1 LE, 2 CPS, 3 both, 0 none';

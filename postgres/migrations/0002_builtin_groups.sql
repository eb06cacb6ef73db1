-- 0002_builtin_groups: the built-in security groups every store has from the
-- start (auth.BuiltinGroups). Their permissions are fixed by the auth package
-- of the running release whatever is stored here; the list below is what
-- this release defines, for readers of the database. Seeding is idempotent.
INSERT INTO carenet.security_groups (id, name, name_key, description, permissions, built_in, version)
VALUES
    ('administrator', 'Administrator', 'administrator', 'Every permission.',
     ARRAY['personnel.view', 'personnel.create', 'personnel.edit', 'personnel.deactivate',
           'personnel.reactivate', 'personnel.delete', 'personnel.groups.manage',
           'security_groups.manage', 'passwords.reset', 'portal.manage', 'videos.view',
           'videos.manage', 'videos.share', 'referrals.submit', 'referrals.review', 'audit.view'],
     true, 1),
    ('referral-user', 'Referral User', 'referral user', 'Referral-only portal user: no client profiles, no personnel.',
     '{}', true, 1)
ON CONFLICT (id) DO NOTHING;

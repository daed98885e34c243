import { expect, test, type Page } from '@playwright/test';
import {
	createUserWithRole,
	expectAccessibleInBothLanguages,
	msg,
	signIn,
	uniqueName,
	USER_PASSWORD
} from './support';

/** The radio of one area × level in a grant matrix, by the label screen readers announce. */
function grantOption(
	page: Page,
	area: 'requests' | 'reports',
	level: 'none' | 'view' | 'edit' | 'manage'
) {
	return page.getByRole('radio', {
		name: msg('fa', 'admin.grants.option', {
			area: msg('fa', `perm.area.${area}`),
			level: msg('fa', `perm.level.${level}`)
		}),
		exact: true
	});
}

test('an administrator creates a group, a role with its grants, and a user holding both', async ({
	page,
	request
}) => {
	// An administrator of its own, so language switches here never reach the other specs.
	const admin = await createUserWithRole(request, 'admin');
	await signIn(page, admin.username, admin.password);

	// A group, from the groups page.
	const groupName = uniqueName('گروه پذیرش ');
	await page
		.getByRole('navigation', { name: msg('fa', 'nav.main') })
		.getByRole('link', { name: msg('fa', 'nav.groups') })
		.click();
	await page.waitForURL('/admin/groups');
	await expect(
		page.getByRole('heading', { level: 1, name: msg('fa', 'admin.groups.title') })
	).toBeVisible();
	await expectAccessibleInBothLanguages(page);
	const newGroup = page.getByRole('region', { name: msg('fa', 'admin.groups.new') });
	await newGroup.getByLabel(msg('fa', 'common.name')).fill(groupName);
	await newGroup.getByLabel(msg('fa', 'common.description')).fill('کارکنان پذیرش شعبهٔ مرکزی');
	await newGroup.getByRole('button', { name: msg('fa', 'common.create') }).click();
	await expect(page.getByRole('status')).toHaveText(msg('fa', 'admin.groups.created'));
	await expect(page.getByRole('heading', { level: 1 })).toContainText(groupName);
	await expectAccessibleInBothLanguages(page);

	// A role, then its grants edited on the role's page.
	const roleKey = uniqueName('e2e_');
	const roleName = uniqueName('نقش آزمون ');
	await page.goto('/admin/roles');
	await expectAccessibleInBothLanguages(page);
	const newRole = page.getByRole('region', { name: msg('fa', 'admin.roles.new') });
	await newRole.getByLabel(msg('fa', 'admin.roles.key')).fill(roleKey);
	await newRole.getByLabel(msg('fa', 'admin.roles.nameFa')).fill(roleName);
	await newRole.getByLabel(msg('fa', 'admin.roles.nameEn')).fill(`E2E role ${roleKey}`);
	await newRole.getByRole('button', { name: msg('fa', 'common.create') }).click();
	await expect(page.getByRole('status')).toHaveText(msg('fa', 'admin.roles.created'));
	await expect(grantOption(page, 'requests', 'none')).toBeChecked();
	await expectAccessibleInBothLanguages(page);

	await grantOption(page, 'requests', 'edit').check();
	await grantOption(page, 'reports', 'view').check();
	await page.getByRole('button', { name: msg('fa', 'common.save') }).click();
	await expect(page.getByRole('status')).toHaveText(msg('fa', 'common.saved'));
	await page.reload();
	await expect(grantOption(page, 'requests', 'edit')).toBeChecked();
	await expect(grantOption(page, 'reports', 'view')).toBeChecked();

	// A user with that role and that group.
	const username = uniqueName('e2e.reception.');
	const displayName = 'زهرا احمدی';
	await page.goto('/admin/users');
	await expectAccessibleInBothLanguages(page);
	await page.getByRole('link', { name: msg('fa', 'admin.users.new') }).click();
	await page.waitForURL('/admin/users/new');
	await expectAccessibleInBothLanguages(page);
	await page.getByLabel(msg('fa', 'admin.users.username')).fill(username);
	await page.getByLabel(msg('fa', 'admin.users.displayName')).fill(displayName);
	await page.getByLabel(msg('fa', 'admin.users.password')).fill(USER_PASSWORD);
	const roles = page.getByRole('group', { name: msg('fa', 'admin.users.roles') });
	const groups = page.getByRole('group', { name: msg('fa', 'admin.users.groups') });
	await roles.getByRole('checkbox', { name: roleName }).check();
	await groups.getByRole('checkbox', { name: groupName }).check();
	await page.getByRole('button', { name: msg('fa', 'common.create') }).click();

	await expect(page.getByRole('status')).toHaveText(msg('fa', 'admin.users.created'));
	await expect(page.getByRole('heading', { level: 1 })).toContainText(displayName);
	await page.reload();
	await expect(roles.getByRole('checkbox', { name: roleName })).toBeChecked();
	await expect(groups.getByRole('checkbox', { name: groupName })).toBeChecked();
	await expectAccessibleInBothLanguages(page);

	// The list shows the new user with the role, and the group counts its member.
	await page.goto(`/admin/users?q=${encodeURIComponent(username)}`);
	const row = page.getByRole('row').filter({ hasText: username });
	await expect(row).toContainText(displayName);
	await expect(row).toContainText(roleName);
	await page.goto('/admin/groups');
	await expect(page.getByRole('row').filter({ hasText: groupName })).toContainText(
		msg('fa', 'admin.groups.memberCount', { count: 1 })
	);
});

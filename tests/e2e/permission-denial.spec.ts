import { expect, test } from '@playwright/test';
import {
	apiToken,
	bearer,
	createUserWithRole,
	expectAccessibleInBothLanguages,
	msg,
	signIn
} from './support';

test('a technician is refused the user administration, in the page and in the API', async ({
	page,
	request
}) => {
	const technician = await createUserWithRole(request, 'technician');
	await signIn(page, technician.username, technician.password);

	// The header does not even offer administration to someone who cannot use it.
	await expect(page.getByRole('link', { name: msg('fa', 'nav.users') })).toHaveCount(0);

	const response = await page.goto('/admin/users');
	expect(response?.status()).toBe(403);
	await expect(page.getByText(msg('fa', 'error.forbidden'))).toBeVisible();
	await expect(page.getByRole('table')).toHaveCount(0);
	await expectAccessibleInBothLanguages(page);

	const token = await apiToken(request, technician.username, technician.password);
	const api = await request.get('/api/v1/users', {
		headers: { ...bearer(token), 'accept-language': 'fa' }
	});
	expect(api.status()).toBe(403);
	expect(api.headers()['content-type']).toContain('application/json');
	expect(await api.json()).toEqual({
		error: { code: 'forbidden', message: msg('fa', 'error.forbidden') }
	});

	const write = await request.post('/api/v1/users', {
		headers: { ...bearer(token), 'accept-language': 'en' },
		data: { username: 'should.not.exist', displayName: 'Nope', password: 'long-enough-password' }
	});
	expect(write.status()).toBe(403);
	expect(await write.json()).toEqual({
		error: { code: 'forbidden', message: msg('en', 'error.forbidden') }
	});
});

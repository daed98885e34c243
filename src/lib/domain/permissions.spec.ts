import { describe, it, expect } from 'vitest';
import {
	AGENCY_SCOPED_ROLES,
	BUILT_IN_ROLES,
	PERMISSION_AREAS,
	PERMISSION_LEVELS,
	ROLE_KEYS,
	ROLE_NAMES,
	combineGrants,
	hasPermission,
	levelAtLeast,
	type PermissionLevel
} from './permissions';

describe('levelAtLeast', () => {
	it('orders view < edit < manage and treats no grant as nothing', () => {
		const truth: Record<PermissionLevel | 'none', Record<PermissionLevel, boolean>> = {
			none: { view: false, edit: false, manage: false },
			view: { view: true, edit: false, manage: false },
			edit: { view: true, edit: true, manage: false },
			manage: { view: true, edit: true, manage: true }
		};
		for (const [granted, row] of Object.entries(truth)) {
			for (const required of PERMISSION_LEVELS) {
				const g = granted === 'none' ? undefined : (granted as PermissionLevel);
				expect(levelAtLeast(g, required), `${granted} ≥ ${required}`).toBe(row[required]);
			}
		}
	});
});

describe('hasPermission / combineGrants', () => {
	it('checks the right area only', () => {
		expect(hasPermission({ orders: 'manage' }, { area: 'requests', level: 'view' })).toBe(false);
		expect(hasPermission({ requests: 'edit' }, { area: 'requests', level: 'view' })).toBe(true);
	});

	it('gives a user with several roles the highest level per area', () => {
		const combined = combineGrants(BUILT_IN_ROLES.reception, BUILT_IN_ROLES.dispatcher, {
			requests: 'view'
		});
		expect(combined).toEqual({
			requests: 'edit',
			orders: 'edit',
			worklogs: 'view',
			warranty: 'view',
			catalog: 'view',
			boards: 'view',
			reports: 'view'
		});
		expect(combineGrants()).toEqual({});
	});
});

describe('BUILT_IN_ROLES', () => {
	it('grants exactly what each role is described to hold', () => {
		const everything = (level: PermissionLevel) =>
			Object.fromEntries(PERMISSION_AREAS.map((a) => [a, level]));
		expect(BUILT_IN_ROLES).toEqual({
			admin: everything('manage'),
			supervisor: {
				requests: 'manage',
				orders: 'manage',
				worklogs: 'manage',
				qc: 'manage',
				warranty: 'manage',
				catalog: 'view',
				stock: 'view',
				invoices: 'view',
				reports: 'manage',
				boards: 'manage',
				admin: 'view'
			},
			reception: { requests: 'edit', warranty: 'view', catalog: 'view', boards: 'view' },
			dispatcher: {
				orders: 'edit',
				requests: 'view',
				worklogs: 'view',
				boards: 'view',
				reports: 'view'
			},
			technician: { worklogs: 'edit', requests: 'view', orders: 'view', catalog: 'view' },
			qc: { qc: 'edit', requests: 'view', orders: 'view', worklogs: 'view' },
			warehouse: {
				stock: 'edit',
				catalog: 'view',
				requests: 'view',
				orders: 'view',
				worklogs: 'view'
			},
			accountant: { invoices: 'edit', stock: 'view', reports: 'view', requests: 'view' },
			agent: { requests: 'edit', warranty: 'view' }
		});
	});

	it('only lets admins into administration with more than a look', () => {
		for (const role of ROLE_KEYS) {
			expect(levelAtLeast(BUILT_IN_ROLES[role].admin, 'edit'), role).toBe(role === 'admin');
		}
	});

	it('names every role in Persian and English and scopes agents to their agency', () => {
		for (const role of ROLE_KEYS) {
			expect(ROLE_NAMES[role].fa).toMatch(/[\u0600-\u06FF]/);
			expect(ROLE_NAMES[role].en).toMatch(/^[A-Z]/);
		}
		expect(AGENCY_SCOPED_ROLES).toEqual(['agent']);
	});
});

import type { fa } from '../crm';

/** English of ../crm.ts; a missing key is a compile error here. */
export const en: Record<keyof typeof fa, string> = {
	'nav.customers': 'Customers',
	'crm.title': 'Customers',
	'crm.search': 'Mobile, national id or name',
	'crm.searchHint':
		'Type the mobile in any form (0912…, +98912…), or part of the name or national id.',
	'crm.new': 'New customer',
	'crm.name': 'Full name',
	'crm.mobile': 'Mobile',
	'crm.mobilePreview': 'Will be saved as:',
	'crm.mobileInvalid': 'Not a valid mobile number yet.',
	'crm.nationalId': 'National id (optional)',
	'crm.address': 'Address',
	'crm.locale': 'Language for messages',
	'crm.optOut': 'No marketing messages',
	'crm.units': 'Units owned',
	'crm.noUnits': 'No units are registered to this customer.',
	'crm.noResults': 'No customers found.',
	'crm.existing': 'Open {name}’s record',
	'crm.created': 'Customer created.',
	'crm.details': 'Customer details',
	'crm.since': 'Customer since {date}',
	'crm.validation.nationalId': 'Not a valid national id (ten digits with a correct check digit).',
	'crm.error.duplicateMobile': 'This mobile already belongs to {name}.',
	'crm.error.duplicateMobileField': 'This mobile belongs to {name}.'
};

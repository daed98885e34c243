import { z } from 'zod';

export const loginSchema = z.object({
	username: z.string().trim().min(1).max(64),
	password: z.string().min(1).max(256)
});

export const usernameSchema = z
	.string()
	.trim()
	.min(3)
	.max(64)
	.regex(/^[A-Za-z0-9._-]+$/, 'validation.username');

export const newPasswordSchema = z.string().min(10).max(256);

export const setupSchema = z
	.object({
		token: z.string().min(10),
		username: usernameSchema,
		displayName: z.string().trim().min(2).max(100),
		password: newPasswordSchema,
		passwordRepeat: z.string()
	})
	.refine((v) => v.password === v.passwordRepeat, {
		path: ['passwordRepeat'],
		message: 'setup.mismatch'
	});

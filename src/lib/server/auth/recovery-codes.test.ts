import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import {
	hashRecoveryCode,
	newRecoveryCodes,
	normaliseRecoveryCode,
	RECOVERY_CODE_COUNT
} from './recovery-codes';

describe('recovery codes', () => {
	it('come ten at a time, each different and easy to copy', () => {
		const codes = newRecoveryCodes();
		expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
		expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
		for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{5}-[a-km-np-z2-9]{5}$/);
	});

	it('are recognised however they are typed: case, spaces and the dash do not matter', () => {
		const [code] = newRecoveryCodes(1) as [string];
		const stored = hashRecoveryCode(code);
		for (const typed of [
			code,
			code.toUpperCase(),
			code.replace('-', ''),
			` ${code.replace('-', ' ')} `
		])
			expect(constantTimeEqual(hashRecoveryCode(typed), stored)).toBe(true);
	});

	it('never match another code', () => {
		const [a, b] = newRecoveryCodes(2) as [string, string];
		expect(constantTimeEqual(hashRecoveryCode(a), hashRecoveryCode(b))).toBe(false);
	});

	it('refuse what cannot be a code', () => {
		for (const typed of ['', '123456', 'abcde-fghi', 'abcde-fghijk', 'abcde-fgh1j', 'abcde-fghlj'])
			expect(normaliseRecoveryCode(typed)).toBeNull();
	});
});

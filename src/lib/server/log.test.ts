import { describe, expect, it } from 'vitest';
import { formatLine } from './log';

describe('log lines', () => {
	it('stay one line whatever the input, so entries cannot be forged', () => {
		const line = formatLine('info', 'login_failed', {
			address: '1.2.3.4\n{"level":"info","event":"login"}\r\n'
		});
		expect(line.split('\n')).toHaveLength(1);
		expect(JSON.parse(line).address).toContain('\n');
	});
});

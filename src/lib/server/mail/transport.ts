import nodemailer from 'nodemailer';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { databasePath } from '../db/paths';
import { log } from '../log';

export interface Outgoing {
	messageId: string;
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	headers?: Record<string, string>;
}

export interface Transport {
	send(message: Outgoing): Promise<void>;
	close(): void;
}

/**
 * SMTP when `SMTP_URL` is set. Otherwise each message is written as an `.eml` file under
 * `outbox/` beside the database (`./data/outbox/` by default), so a Trellis run on one's own
 * machine needs no mail server and its links can still be opened.
 */
export function transportFromEnv(): Transport {
	const url = process.env.SMTP_URL;
	return url ? smtp(url) : files(join(dirname(databasePath()), 'outbox'));
}

export function smtp(url: string): Transport {
	const transporter = nodemailer.createTransport({
		url,
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 30_000
	});
	return {
		send: async (message) => {
			await transporter.sendMail(message);
		},
		close: () => transporter.close()
	};
}

export function files(dir: string): Transport {
	const transporter = nodemailer.createTransport({
		streamTransport: true,
		buffer: true,
		newline: 'unix'
	});
	return {
		send: async (message) => {
			const info = await transporter.sendMail(message);
			mkdirSync(dir, { recursive: true, mode: 0o700 });
			const name = `${message.messageId.replace(/[<>]/g, '').replace(/@.*/, '')}.eml`;
			const file = join(dir, name);
			// Written whole, then renamed: a reader never sees half a message.
			writeFileSync(`${file}.part`, info.message as Buffer, { mode: 0o600 });
			renameSync(`${file}.part`, file);
			log.info('mail_written', { file });
		},
		close: () => transporter.close()
	};
}

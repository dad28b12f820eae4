import { randomBytes } from 'node:crypto';
import {
	closeSync,
	fsyncSync,
	linkSync,
	mkdirSync,
	openSync,
	readFileSync,
	rmSync,
	writeSync
} from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * A file made once and only read from then on (a key made at first start): `make` gives its
 * text, and `read` makes sense of it, throwing if the text is not what it should be. Processes
 * starting together each write their own copy under a name of its own, flush it to disk, and link
 * it into place: the first link wins, and the others read the winner's, which is whole from the
 * moment it has its name. (A file written in place could be read empty, or half-written, by
 * another process, or left so by a crash.) A file that is there but does not read is an error,
 * never made again: what was made with the old one would stop working without a word.
 */
export function madeOnce<T>(file: string, make: () => string, read: (text: string) => T): T {
	const existing = readIfThere(file);
	if (existing !== null) return readOrSay(file, existing, read);
	mkdirSync(dirname(file), { recursive: true });
	const own = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.new`;
	const text = make();
	try {
		writeWhole(own, text);
		placed(own, file, text);
	} finally {
		rmSync(own, { force: true });
	}
	return readOrSay(file, readFileSync(file, 'utf8'), read);
}

/** Links `own` in as `file`, unless another process's is there already. */
function placed(own: string, file: string, text: string): void {
	try {
		linkSync(own, file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return; // theirs it is
		if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code ?? '')) throw error;
		// A file system without links (FAT, say): written in place and flushed, as the one process
		// to make it. (Another process starting in the same instant could read it unfinished
		// there, and would stop with the message below; started again, it reads it whole.)
		try {
			writeWhole(file, text);
		} catch (inPlace) {
			if ((inPlace as NodeJS.ErrnoException).code !== 'EEXIST') throw inPlace;
		}
	}
}

/** A new file with this text, on the disk before this returns. */
function writeWhole(file: string, text: string): void {
	const fd = openSync(file, 'wx', 0o600);
	try {
		writeSync(fd, text);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

function readIfThere(file: string): string | null {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
}

function readOrSay<T>(file: string, text: string, read: (text: string) => T): T {
	try {
		return read(text);
	} catch {
		throw new Error(
			`${basename(file)} (in ${dirname(file)}) is damaged. Put back the copy from a backup; a new one would not open what the old one made.`
		);
	}
}

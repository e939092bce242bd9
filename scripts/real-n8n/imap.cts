/**
 * A local IMAP server for the e-mail example: Debian's dovecot (package dovecot-imapd) started in the foreground
 * with a configuration of its own in the run's folder, on a loopback port, plain-text login, one mailbox user.
 * Mail arrives through IMAP APPEND, as a mail server would deliver it, so the Email Trigger sees a new message.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { connect, type Socket } from 'node:net';
import * as path from 'node:path';

import type { ImapAccount } from './fixtures.cts';
import { startBackground, waitFor, type Background } from './processes.cts';

export const DOVECOT = '/usr/sbin/dovecot';

/** dovecot is there and can be started as configured here (as root, to switch to its own users). */
export function dovecotAvailable(): boolean {
	return existsSync(DOVECOT) && process.getuid?.() === 0;
}

/** The user or primary group id of a system user (Debian's packages create nobody, dovecot, dovenull). */
function idOf(flag: '-u' | '-g', user: string): number {
	return Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
}

function config(root: string, port: number): string {
	return `protocols = imap
listen = 127.0.0.1
base_dir = ${root}/run
state_dir = ${root}/state
log_path = ${root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${root}/mail/%u
first_valid_uid = 1
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${root}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${root}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

export interface ImapServer {
	account: ImapAccount;
	process: Background;
	logFile: string;
}

/** Starts dovecot as root (as CI and our machines run); mail is stored as user nobody. */
export async function startImapServer(
	root: string,
	port: number,
	log: WriteStream,
): Promise<ImapServer> {
	const account = {
		host: '127.0.0.1',
		port,
		user: 'invoices@example.test',
		password: 'imap-e2e-password',
	};
	for (const dir of ['run', 'state', 'mail']) mkdirSync(path.join(root, dir), { recursive: true });
	// The mail processes run as nobody: they must reach (the run's folder is 0700) and write the mail folder.
	for (const dir of [path.dirname(root), root]) chmodSync(dir, 0o755);
	chownSync(path.join(root, 'mail'), idOf('-u', 'nobody'), idOf('-g', 'nobody'));
	writeFileSync(path.join(root, 'users'), `${account.user}:{PLAIN}${account.password}\n`, {
		mode: 0o640,
	});
	chownSync(path.join(root, 'users'), 0, idOf('-g', 'dovecot'));
	const configFile = path.join(root, 'dovecot.conf');
	writeFileSync(configFile, config(root, port));
	const dovecot = startBackground(DOVECOT, ['-F', '-c', configFile], { log });
	await waitFor(
		'dovecot',
		30_000,
		async () => ((await greeting(account)) ? true : undefined),
		() => (dovecot.exited() ? `dovecot exited: ${dovecot.output()}${readLog(root)}` : undefined),
	);
	return { account, process: dovecot, logFile: path.join(root, 'dovecot.log') };
}

/** Waits until a client (the Email Trigger) has logged in to the mailbox, as dovecot's log records. */
export async function clientLoggedIn(server: ImapServer, timeoutMs: number): Promise<void> {
	const login = `Login: user=<${server.account.user}>`;
	await waitFor('the Email Trigger to log in to the mailbox', timeoutMs, async () =>
		existsSync(server.logFile) && readFileSync(server.logFile, 'utf8').includes(login)
			? true
			: undefined,
	);
}

function readLog(root: string): string {
	const file = path.join(root, 'dovecot.log');
	return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
}

async function greeting(account: ImapAccount): Promise<boolean> {
	const session = await ImapSession.open(account);
	session.close();
	return true;
}

/** Just enough IMAP (RFC 3501) for LOGIN, APPEND with a literal, and LOGOUT. */
class ImapSession {
	private buffer = '';
	private waiters: Array<() => void> = [];

	private constructor(private readonly socket: Socket) {
		socket.setEncoding('utf8');
		const wakeAll = () => {
			for (const wake of this.waiters.splice(0)) wake();
		};
		socket.on('data', (chunk: string) => {
			this.buffer += chunk;
			wakeAll();
		});
		socket.on('close', wakeAll);
		socket.on('error', wakeAll);
	}

	static async open(account: ImapAccount): Promise<ImapSession> {
		const socket = connect({ host: account.host, port: account.port });
		socket.setTimeout(15_000, () =>
			socket.destroy(new Error('IMAP server did not answer in 15 s')),
		);
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('error', reject);
		});
		const session = new ImapSession(socket);
		await session.until(/^\* OK/m);
		return session;
	}

	private async until(pattern: RegExp): Promise<string> {
		while (!pattern.test(this.buffer)) {
			if (this.socket.destroyed)
				throw new Error(`IMAP connection closed: ${this.buffer.slice(-300)}`);
			await new Promise<void>((resolve) => this.waiters.push(resolve));
		}
		const text = this.buffer;
		this.buffer = '';
		return text;
	}

	async command(tag: string, line: string): Promise<void> {
		this.socket.write(`${tag} ${line}\r\n`);
		const answer = await this.until(new RegExp(`^${tag} (OK|NO|BAD)`, 'm'));
		if (!new RegExp(`^${tag} OK`, 'm').test(answer))
			throw new Error(`IMAP ${line.split(' ')[0]}: ${answer.trim()}`);
	}

	async append(mailbox: string, message: Buffer): Promise<void> {
		this.socket.write(`a3 APPEND ${mailbox} {${message.length}}\r\n`);
		await this.until(/^\+/m);
		this.socket.write(Buffer.concat([message, Buffer.from('\r\n')]));
		const answer = await this.until(/^a3 (OK|NO|BAD)/m);
		if (!/^a3 OK/m.test(answer)) throw new Error(`IMAP APPEND: ${answer.trim()}`);
	}

	close(): void {
		this.socket.end();
		this.socket.destroy();
	}
}

const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** Delivers one message into a mailbox of the account (INBOX, or one made by createMailbox). */
export async function deliver(
	account: ImapAccount,
	message: Buffer,
	mailbox = 'INBOX',
): Promise<void> {
	const session = await ImapSession.open(account);
	try {
		await session.command('a1', `LOGIN ${quote(account.user)} ${quote(account.password)}`);
		await session.append(quote(mailbox), message);
		await session.command('a4', 'LOGOUT').catch(() => undefined);
	} finally {
		session.close();
	}
}

export interface Attachment {
	fileName: string;
	mediaType: string;
	content: Buffer;
}

/** A multipart/mixed e-mail with a text part and the attachments, base64 in 76-column lines (RFC 2045). */
export function invoiceEmail(
	from: string,
	to: string,
	subject: string,
	attachments: Attachment[],
): Buffer {
	const boundary = `gini-e2e-${Date.now().toString(36)}`;
	const lines = [
		`From: ${from}`,
		`To: ${to}`,
		`Subject: ${subject}`,
		`Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
		`Message-ID: <${boundary}@example.test>`,
		'MIME-Version: 1.0',
		`Content-Type: multipart/mixed; boundary="${boundary}"`,
		'',
		`--${boundary}`,
		'Content-Type: text/plain; charset=utf-8',
		'',
		'Please find our invoices attached.',
	];
	for (const attachment of attachments) {
		lines.push(
			`--${boundary}`,
			`Content-Type: ${attachment.mediaType}; name="${attachment.fileName}"`,
			`Content-Disposition: attachment; filename="${attachment.fileName}"`,
			'Content-Transfer-Encoding: base64',
			'',
			...(attachment.content.toString('base64').match(/.{1,76}/g) ?? []),
		);
	}
	lines.push(`--${boundary}--`, '');
	return Buffer.from(lines.join('\r\n'));
}

/** Creates a mailbox of the account (a trigger that watches it must find it when it starts). */
export async function createMailbox(account: ImapAccount, mailbox: string): Promise<void> {
	const session = await ImapSession.open(account);
	try {
		await session.command('a1', `LOGIN ${quote(account.user)} ${quote(account.password)}`);
		await session.command('a2', `CREATE ${quote(mailbox)}`);
		await session.command('a4', 'LOGOUT').catch(() => undefined);
	} finally {
		session.close();
	}
}

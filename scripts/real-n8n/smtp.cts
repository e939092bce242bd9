/**
 * A mail server on loopback that keeps what it receives: just enough SMTP (RFC 5321: EHLO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT; no STARTTLS, no AUTH) for n8n's Send Email node, whose SMTP credential points here. The review
 * example's e-mails are read from it and parsed with the mail parser n8n itself ships (mailparser, the one its
 * Email Trigger uses).
 */
import { createRequire } from 'node:module';
import { createServer, type Server, type Socket } from 'node:net';
import * as path from 'node:path';

import { waitFor } from './processes.cts';

export interface SmtpServer {
	port: number;
	/** Every message received so far, as sent (dot-unstuffed). */
	messages: Buffer[];
	close(): Promise<void>;
}

function session(socket: Socket, messages: Buffer[]): void {
	let buffer = Buffer.alloc(0);
	let inData = false;
	const reply = (line: string) => socket.write(`${line}\r\n`);
	reply('220 127.0.0.1 ESMTP gini-e2e');
	socket.on('error', () => undefined);
	socket.on('data', (chunk: Buffer) => {
		buffer = Buffer.concat([buffer, chunk]);
		for (;;) {
			if (inData) {
				const end = buffer.indexOf('\r\n.\r\n');
				if (end < 0) return;
				// The buffer starts with the CRLF put before the data (see DATA), so that the end marker is found in an empty one.
				const raw = buffer.subarray(2, Math.max(2, end + 2)).toString('latin1');
				messages.push(Buffer.from(raw.replace(/\r\n\.\./g, '\r\n.'), 'latin1'));
				buffer = buffer.subarray(end + 5);
				inData = false;
				reply('250 2.0.0 Ok: queued');
				continue;
			}
			const end = buffer.indexOf('\r\n');
			if (end < 0) return;
			const line = buffer.subarray(0, end).toString('latin1');
			buffer = buffer.subarray(end + 2);
			const verb = line.split(' ')[0].toUpperCase();
			if (verb === 'EHLO') reply('250-127.0.0.1\r\n250-8BITMIME\r\n250 SIZE 52428800');
			else if (verb === 'HELO') reply('250 127.0.0.1');
			else if (verb === 'DATA') {
				inData = true;
				reply('354 End data with <CR><LF>.<CR><LF>');
				// A message whose first line is the end marker: the buffer may already hold it.
				buffer = Buffer.concat([Buffer.from('\r\n'), buffer]);
			} else if (verb === 'QUIT') {
				reply('221 2.0.0 Bye');
				socket.end();
				return;
			} else if (['MAIL', 'RCPT', 'RSET', 'NOOP'].includes(verb)) reply('250 2.0.0 Ok');
			else reply('502 5.5.2 Command not implemented');
		}
	});
}

export async function startSmtpServer(port: number): Promise<SmtpServer> {
	const messages: Buffer[] = [];
	const server: Server = createServer((socket) => session(socket, messages));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		port,
		messages,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export interface ParsedMail {
	subject: string;
	to: string;
	html: string;
	attachments: Array<{ cid?: string; contentType: string; filename?: string; content: Buffer }>;
}

/** Parses a message with mailparser from the n8n install (a dependency of its Email Trigger). */
export async function parseMail(installDir: string, message: Buffer): Promise<ParsedMail> {
	const requireFromNodes = createRequire(
		path.join(installDir, 'node_modules', 'n8n-nodes-base', 'package.json'),
	);
	const { simpleParser } = requireFromNodes('mailparser') as {
		simpleParser: (
			source: Buffer,
			options?: { skipImageLinks?: boolean },
		) => Promise<{
			subject?: string;
			to?: { text: string };
			html?: string | false;
			attachments: ParsedMail['attachments'];
		}>;
	};
	// skipImageLinks: keep cid: links in the HTML as they were sent (mailparser would turn them into data: URLs).
	const mail = await simpleParser(message, { skipImageLinks: true });
	return {
		subject: mail.subject ?? '',
		to: mail.to?.text ?? '',
		html: typeof mail.html === 'string' ? mail.html : '',
		attachments: mail.attachments,
	};
}

/** Waits for the `count`-th message (1-based) and returns it. */
export async function nthMessage(
	smtp: SmtpServer,
	count: number,
	timeoutMs: number,
): Promise<Buffer> {
	return await waitFor(`e-mail number ${count} at the SMTP server`, timeoutMs, async () =>
		smtp.messages.length >= count ? smtp.messages[count - 1] : undefined,
	);
}

/** The HTML as a mail client shows it: inline parts (cid:) as data: URLs. */
export function inlined(mail: ParsedMail): string {
	return mail.html.replace(/cid:([^"'\s>]+)/g, (link, cid: string) => {
		const part = mail.attachments.find((attachment) => attachment.cid === cid);
		return part ? `data:${part.contentType};base64,${part.content.toString('base64')}` : link;
	});
}

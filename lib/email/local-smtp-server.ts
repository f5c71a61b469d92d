import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message the local SMTP server received, parsed. */
export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  subject: string;
  text: string;
  messageId: string | null;
}

/** Largest message the local server accepts. */
const maxMessageBytes = 256 * 1024;

/**
 * A real SMTP server on this machine, for the embedded demo (scripts/start.ts) and the tests: plain SMTP without
 * authentication or TLS, listening on `host` (loopback by default) and `port` (0: any free port). Each accepted
 * message is parsed and handed to `onMessage`; when `onMessage` throws (or `refuse` says so) the message is
 * refused with a temporary error (451), as a real server that cannot store it would.
 */
export async function startLocalSmtpServer(input: {
  port?: number;
  host?: string;
  onMessage: (mail: ReceivedMail) => Promise<void> | void;
  refuse?: () => boolean;
}): Promise<{ port: number; url: string; close: () => Promise<void> }> {
  const host = input.host ?? "127.0.0.1";
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: maxMessageBytes,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (input.refuse?.()) throw new Error("refused");
          await input.onMessage({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            rcptTo: session.envelope.rcptTo.map((to) => to.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            messageId: parsed.messageId ?? null,
          });
          callback();
        })
        .catch(() => {
          const error = new Error("The mailbox cannot take this message now; try again later.") as Error & {
            responseCode: number;
          };
          error.responseCode = 451;
          callback(error);
        });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(input.port ?? 0, host, () => resolve());
  });
  const address = (server as unknown as { server: { address: () => AddressInfo } }).server.address();
  return {
    port: address.port,
    url: `smtp://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

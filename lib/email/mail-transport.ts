import nodemailer, { type Transporter } from "nodemailer";

/** One message Scrip sends: plain text, with a Message-ID that is its dedupe key. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/** Sends one message; throws when the SMTP server did not accept it. */
export type SendMail = (mail: OutgoingMail) => Promise<void>;

const globalForMail = globalThis as unknown as {
  scripMailTransport?: { url: string; transport: Transporter };
};

/** Scrip's public origin, for links in email (as in lib/auth/webauthn-config.ts). */
export function publicOrigin(env: Record<string, string | undefined> = process.env): string {
  return (env.SCRIP_ORIGIN || `http://localhost:${env.PORT || 3000}`).replace(/\/$/, "");
}

/** The From address: `SCRIP_MAIL_FROM`, else no-reply at the public origin's host. */
export function mailFrom(env: Record<string, string | undefined> = process.env): string {
  return env.SCRIP_MAIL_FROM || `Scrip <no-reply@${new URL(publicOrigin(env)).hostname}>`;
}

/** Whether email is set up at all (`SCRIP_SMTP_URL`); without it Scrip offers no email settings. */
export function emailEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.SCRIP_SMTP_URL);
}

/**
 * A sender over SMTP to `url` (e.g. `smtp://user:pass@mail.example:587`, `smtps://…`), or `SCRIP_SMTP_URL`;
 * null when email is not set up. One pooled nodemailer transport per URL and process.
 */
export function smtpSender(
  url: string | undefined = process.env.SCRIP_SMTP_URL,
  env: Record<string, string | undefined> = process.env,
): SendMail | null {
  if (!url) return null;
  if (globalForMail.scripMailTransport?.url !== url) {
    globalForMail.scripMailTransport?.transport.close();
    const transport = nodemailer.createTransport(url, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    globalForMail.scripMailTransport = { url, transport };
  }
  const { transport } = globalForMail.scripMailTransport;
  const from = mailFrom(env);
  return async (mail) => {
    await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      headers: { "Auto-Submitted": "auto-generated" },
    });
  };
}

import { and, desc, eq, gt, isNotNull, ne, sql } from "drizzle-orm";
import { phoneVerificationCodes as codes, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, type ErrorReason, say } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
import { purposeKey } from "../../lib/keys";
import type { SmsFailure } from "../../ports/sms";
import { sixDigits } from "./merge";
import type { MemberRow } from "./repo";
import { recordLiffVisit } from "./service";

export const PHONE_CODE_TTL_MS = 10 * 60_000;
/** Wrong codes one code takes before it is spent. */
export const PHONE_CODE_MAX_TRIES = 5;
/** Sends per member and per phone number: one a minute, five an hour. */
export const SEND_GAP_MS = 60_000;
export const SENDS_PER_HOUR = 5;
const HOUR_MS = 3600_000;

const enc = new TextEncoder();

/** HMAC-SHA256 (hex) under the key for this purpose: codes and phones are never stored in the clear. */
async function keyed(deps: Pick<AppDeps, "config">, text: string): Promise<string> {
  const raw = await purposeKey(deps.config, "phone-verification");
  const key = await crypto.subtle.importKey(
    "raw",
    raw as BufferSource,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, enc.encode(text));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
const phoneHash = (deps: Pick<AppDeps, "config">, phone: string) => keyed(deps, `phone\u0000${phone}`);
const codeHash = (deps: Pick<AppDeps, "config">, memberId: string, phone: string, code: string) =>
  keyed(deps, `code\u0000${memberId}\u0000${phone}\u0000${code}`);

/** `+886912345678` → `0912-***-678`; other countries keep their first and last digits only. */
export function maskPhone(phone: string): string {
  const tw = /^\+886(9\d{2})\d{3}(\d{3})$/.exec(phone);
  if (tw) return `0${tw[1]}-***-${tw[2]}`;
  return `${phone.slice(0, 4)}***${phone.slice(-3)}`;
}

/** The text of the SMS: zh-TW first, English second. */
export function verificationText(brand: string, code: string): string {
  return `【${brand}】手機驗證碼 ${code}，10 分鐘內有效，請勿提供給他人。${brand} code: ${code} (valid 10 min). Never share it.`;
}

function registeredPhone(member: MemberRow): string {
  if (member.status !== "member" || !member.phone || member.deletedAt) {
    throw new AppError(
      "UNPROCESSABLE",
      say("請先完成會員註冊並填寫手機號碼。", "Register with your mobile number first."),
      { reason: "NOT_REGISTERED" },
    );
  }
  return member.phone;
}

function alreadyVerified(): AppError {
  return new AppError("CONFLICT", say("您的手機號碼已完成驗證。", "Your phone is already verified."), {
    reason: "ALREADY_VERIFIED",
  });
}

export interface CodeSent {
  /** The number it went to, masked (the member's own registered phone). */
  sentTo: string;
  expiresAt: Date;
  /** When another code may be asked for (the one-a-minute limit). */
  resendAt: Date;
}

/**
 * Sends a one-time code to the member's registered phone. The code row is written only while
 * the member and the number are both within the send limits — decided in the INSERT itself, so
 * concurrent requests cannot slip past them — and then handed to the SMS provider.
 */
export async function sendPhoneCode(deps: AppDeps, user: LineIdentity): Promise<CodeSent> {
  const member = await recordLiffVisit(deps, user);
  const phone = registeredPhone(member);
  if (member.phoneVerifiedAt) throw alreadyVerified();
  const { sms } = deps;
  if (!sms)
    throw new AppError(
      "SMS_NOT_CONFIGURED",
      say(
        "目前無法以簡訊驗證手機，如需歸戶請洽門市使用 POS 歸戶代碼。",
        "Phone verification by SMS is not available; ask a store to merge your purchases with a POS code.",
      ),
      { reason: "SMS_NOT_CONFIGURED" },
      503,
    );
  const { db } = deps;
  const now = deps.clock.now();
  const t = now.getTime();
  const id = deps.ids.id("pvc");
  const code = sixDigits();
  const ph = await phoneHash(deps, phone);
  const count = (where: ReturnType<typeof sql>) => sql`(SELECT count(*) FROM ${codes} WHERE ${where})`;
  await db.insert(codes).select(
    db
      .select({
        id: sql`${id}`.as("id"),
        memberId: sql`${member.id}`.as("member_id"),
        phoneHash: sql`${ph}`.as("phone_hash"),
        codeHash: sql`${await codeHash(deps, member.id, phone, code)}`.as("code_hash"),
        state: sql`'sending'`.as("state"),
        providerMessageId: sql`NULL`.as("provider_message_id"),
        attempts: sql`0`.as("attempts"),
        createdAt: sql`${t}`.as("created_at"),
        expiresAt: sql`${t + PHONE_CODE_TTL_MS}`.as("expires_at"),
        usedAt: sql`NULL`.as("used_at"),
        confirmId: sql`NULL`.as("confirm_id"),
      })
      .from(sql`(SELECT 1)`)
      .where(
        sql`${count(sql`${codes.memberId} = ${member.id} AND ${codes.createdAt} > ${t - SEND_GAP_MS}`)} = 0
          AND ${count(sql`${codes.phoneHash} = ${ph} AND ${codes.createdAt} > ${t - SEND_GAP_MS}`)} = 0
          AND ${count(sql`${codes.memberId} = ${member.id} AND ${codes.createdAt} > ${t - HOUR_MS}`)} < ${SENDS_PER_HOUR}
          AND ${count(sql`${codes.phoneHash} = ${ph} AND ${codes.createdAt} > ${t - HOUR_MS}`)} < ${SENDS_PER_HOUR}`,
      ),
  );
  const [row] = await db.select({ id: codes.id }).from(codes).where(eq(codes.id, id));
  if (!row) throw await sendLimited(deps, member.id, ph, t);

  const result = await sms.send({ to: phone, body: verificationText(deps.config.brand.name, code) });
  if (!result.ok) {
    await db.update(codes).set({ state: "failed" }).where(eq(codes.id, id));
    deps.log.warn("phone code not sent", {
      memberId: member.id,
      codeId: id,
      kind: result.kind,
      status: result.status,
      providerCode: result.providerCode,
    });
    throw sendFailed(result);
  }
  await db
    .update(codes)
    .set({ state: "sent", providerMessageId: result.providerMessageId })
    .where(eq(codes.id, id));
  deps.log.info("phone code sent", { memberId: member.id, codeId: id });
  return {
    sentTo: maskPhone(phone),
    expiresAt: new Date(t + PHONE_CODE_TTL_MS),
    resendAt: new Date(t + SEND_GAP_MS),
  };
}

/** Which limit held the send back, and for how long (the longest wait that applies). */
async function sendLimited(deps: AppDeps, memberId: string, ph: string, t: number): Promise<AppError> {
  const recent = await deps.db
    .select({ memberId: codes.memberId, phoneHash: codes.phoneHash, createdAt: codes.createdAt })
    .from(codes)
    .where(
      and(
        sql`(${codes.memberId} = ${memberId} OR ${codes.phoneHash} = ${ph})`,
        gt(codes.createdAt, new Date(t - HOUR_MS)),
      ),
    )
    .orderBy(desc(codes.createdAt));
  let wait = 0;
  let reason: "SEND_TOO_SOON" | "TOO_MANY_SENDS" = "SEND_TOO_SOON";
  for (const group of [
    recent.filter((r) => r.memberId === memberId),
    recent.filter((r) => r.phoneHash === ph),
  ]) {
    const last = group[0]?.createdAt.getTime();
    if (last !== undefined && last > t - SEND_GAP_MS && last + SEND_GAP_MS - t > wait) {
      wait = last + SEND_GAP_MS - t;
      reason = "SEND_TOO_SOON";
    }
    // With five in the hour, the next send waits for the oldest of the five to age out.
    const fifth = group[SENDS_PER_HOUR - 1]?.createdAt.getTime();
    if (fifth !== undefined && fifth + HOUR_MS - t > wait) {
      wait = fifth + HOUR_MS - t;
      reason = "TOO_MANY_SENDS";
    }
  }
  const retryAfterSeconds = Math.max(1, Math.ceil(wait / 1000));
  return new AppError(
    "RATE_LIMITED",
    reason === "SEND_TOO_SOON"
      ? say(
          `驗證碼剛剛已傳送，請於 ${retryAfterSeconds} 秒後再試。`,
          `A code was just sent; ask again in ${retryAfterSeconds} s.`,
        )
      : say(
          `一小時內傳送次數過多，請於 ${Math.ceil(retryAfterSeconds / 60)} 分鐘後再試。`,
          `Too many codes sent this hour; try again in ${Math.ceil(retryAfterSeconds / 60)} min.`,
        ),
    { reason, retryAfterSeconds },
  );
}

function sendFailed(f: SmsFailure): AppError {
  const reason = (
    {
      auth: "SMS_PROVIDER_AUTH",
      rejected: "SMS_REJECTED",
      rate_limited: "SMS_PROVIDER_BUSY",
      unavailable: "SMS_PROVIDER_UNAVAILABLE",
      timeout: "SMS_PROVIDER_TIMEOUT",
    } as const satisfies Record<SmsFailure["kind"], ErrorReason>
  )[f.kind];
  if (f.kind === "rejected")
    return new AppError(
      "SMS_SEND_FAILED",
      say(
        "簡訊無法送達此號碼，請確認手機號碼是否正確。",
        "The SMS could not be delivered to this number; check it in your profile.",
      ),
      { reason },
      422,
    );
  return new AppError(
    "SMS_SEND_FAILED",
    f.kind === "timeout"
      ? say(
          "簡訊服務沒有回應；若沒收到驗證碼，請一分鐘後再試。",
          "The SMS service did not answer in time; if no code arrives, ask again in a minute.",
        )
      : say(
          "簡訊暫時無法傳送，請一分鐘後再試。",
          "The SMS could not be sent right now; please try again in a minute.",
        ),
    { reason, retryAfterSeconds: Math.ceil(SEND_GAP_MS / 1000) },
    502,
  );
}

export interface PhoneVerified {
  verifiedAt: Date;
  /** Another member held this number verified and lost it to this proof. */
  tookOver: boolean;
}

/**
 * The member types the code. One batch decides everything: the member's newest code, for the
 * phone they are registered with now, unexpired, unused and with tries left, is either used (the
 * right code) or loses a try (a wrong one); only if this request used it does the same batch
 * move the number's verification to this member, clearing it from anyone who held it.
 */
export async function confirmPhoneCode(
  deps: AppDeps,
  user: LineIdentity,
  code: string,
): Promise<PhoneVerified> {
  const member = await recordLiffVisit(deps, user);
  const phone = registeredPhone(member);
  if (member.phoneVerifiedAt) throw alreadyVerified();
  const { db } = deps;
  const now = deps.clock.now();
  const confirmId = deps.ids.uuid();
  const h = await codeHash(deps, member.id, phone, code);
  const ph = await phoneHash(deps, phone);
  const latest = sql`(SELECT ${codes.id} FROM ${codes} WHERE ${codes.memberId} = ${member.id} ORDER BY ${codes.createdAt} DESC, ${codes.id} DESC LIMIT 1)`;
  const right = sql`${codes.codeHash} = ${h}`;
  const won = sql`EXISTS (SELECT 1 FROM ${codes} WHERE ${codes.memberId} = ${member.id} AND ${codes.confirmId} = ${confirmId})`;
  const [claimed, displaced, mine] = await batch(db, [
    db
      .update(codes)
      .set({
        attempts: sql`${codes.attempts} + CASE WHEN ${right} THEN 0 ELSE 1 END`,
        usedAt: sql`CASE WHEN ${right} THEN ${now.getTime()} ELSE NULL END`,
        confirmId: sql`CASE WHEN ${right} THEN ${confirmId} ELSE NULL END`,
      })
      .where(
        and(
          sql`${codes.id} = ${latest}`,
          sql`${codes.usedAt} IS NULL`,
          sql`${codes.attempts} < ${PHONE_CODE_MAX_TRIES}`,
          gt(codes.expiresAt, now),
          eq(codes.phoneHash, ph),
          sql`EXISTS (SELECT 1 FROM ${members} WHERE ${members.id} = ${member.id} AND ${members.phone} = ${phone} AND ${members.status} = 'member' AND ${members.deletedAt} IS NULL)`,
        ),
      )
      .returning({ attempts: codes.attempts, usedAt: codes.usedAt }),
    // Clear first: the partial unique index allows one verified holder per number.
    db
      .update(members)
      .set({ phoneVerifiedAt: null, updatedAt: now })
      .where(
        and(eq(members.phone, phone), ne(members.id, member.id), isNotNull(members.phoneVerifiedAt), won),
      )
      .returning({ id: members.id }),
    db
      .update(members)
      .set({ phoneVerifiedAt: now, updatedAt: now })
      .where(and(eq(members.id, member.id), eq(members.phone, phone), won))
      .returning({ id: members.id }),
  ]);
  const row = claimed[0];
  if (row?.usedAt && mine.length === 1) {
    deps.log.info("phone verified", { memberId: member.id, tookOverFrom: displaced.length });
    return { verifiedAt: now, tookOver: displaced.length > 0 };
  }
  if (row) throw wrongCode(row.attempts);
  throw await whyRefused(deps, member.id, ph, now);
}

function wrongCode(attempts: number): AppError {
  const left = PHONE_CODE_MAX_TRIES - attempts;
  if (left <= 0) return tooManyTries();
  return new AppError(
    "UNPROCESSABLE",
    say(
      `驗證碼不正確，還可再試 ${left} 次。`,
      `That code is not right; ${left} ${left === 1 ? "try" : "tries"} left.`,
    ),
    { reason: "WRONG_CODE", attemptsLeft: left },
  );
}

function tooManyTries(): AppError {
  return new AppError(
    "RATE_LIMITED",
    say("錯誤次數過多，此驗證碼已失效，請重新傳送驗證碼。", "Too many wrong codes; ask for a new code."),
    { reason: "TOO_MANY_ATTEMPTS" },
  );
}

/** Why the newest code could not be tried: none, used, spent on wrong tries, expired, or for an older phone. */
async function whyRefused(deps: AppDeps, memberId: string, ph: string, now: Date): Promise<AppError> {
  const [c] = await deps.db
    .select()
    .from(codes)
    .where(eq(codes.memberId, memberId))
    .orderBy(desc(codes.createdAt), desc(codes.id))
    .limit(1);
  const refuse = (reason: ErrorReason, en: string, zh: string) =>
    new AppError("UNPROCESSABLE", say(zh, en), { reason });
  if (!c) return refuse("NO_CODE", "Ask for a code first.", "請先傳送驗證碼。");
  if (c.phoneHash !== ph)
    return refuse(
      "PHONE_CHANGED",
      "That code was sent to your previous number; ask for a new one.",
      "此驗證碼是傳送到您先前的手機號碼，請重新傳送驗證碼。",
    );
  if (c.usedAt) return refuse("CODE_USED", "That code has already been used.", "此驗證碼已使用過。");
  if (c.attempts >= PHONE_CODE_MAX_TRIES) return tooManyTries();
  if (c.expiresAt <= now)
    return refuse(
      "CODE_EXPIRED",
      "That code has expired; ask for a new one.",
      "驗證碼已過期，請重新傳送驗證碼。",
    );
  // The phone changed while the code was checked: the profile decides.
  return refuse(
    "PHONE_CHANGED",
    "Your phone number changed; ask for a new code.",
    "您的手機號碼已變更，請重新傳送驗證碼。",
  );
}

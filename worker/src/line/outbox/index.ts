/**
 * The outbox: every message omo-line sends to LINE is a row first (planned in the same batch as
 * whatever caused it), then sent by `sendOutboxMessages` — reply while the token is young, else
 * push under a stored retry key — with the retry policy in `policy.ts`.
 */
export { listOutbox, type OutboxStats, outboxExists, outboxStats, retryOutbox } from "./admin";
export {
  insertOutboxQueries,
  MAX_MESSAGES_PER_REQUEST,
  MULTICAST_MAX_RECIPIENTS,
  type OutboxInsert,
  type OutboxRow,
  type Outgoing,
  type OutgoingMulticast,
  type OutgoingPush,
  type OutgoingReply,
  planOutbox,
  queueMessages,
} from "./plan";
export {
  dueOutboxIds,
  nextOutboxWake,
  releaseDeadClaims,
  type SendOutcome,
  sendOutboxMessages,
} from "./send";

import type { Feature } from "..";
import { inboxLine } from "./record";

/** 客服收件匣: conversations, agent replies, reply suggestions. */
export const inbox: Feature = { name: "inbox", line: inboxLine };

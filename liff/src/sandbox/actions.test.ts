import { describe, expect, it } from "vitest";
import { actionKind, actionLabel, datetimeInput, isSupported, toInputValue } from "./actions";

describe("actionKind", () => {
  it("knows what the simulator can do with each LINE action", () => {
    expect(actionKind({ type: "message", text: "hi" })).toBe("message");
    expect(actionKind({ type: "postback", data: "a=1" })).toBe("postback");
    expect(actionKind({ type: "uri", uri: "https://liff.line.me/x" })).toBe("uri");
    expect(actionKind({ type: "datetimepicker", data: "d", mode: "date" })).toBe("datetimepicker");
    expect(actionKind({ type: "richmenuswitch", richMenuAliasId: "more", data: "t" })).toBe("richmenuswitch");
    expect(actionKind({ type: "location" })).toBe("location");
    expect(actionKind({ type: "cameraRoll" })).toBe("camera");
    expect(actionKind({ type: "clipboard", clipboardText: "X1" })).toBe("clipboard");
  });
  it("marks unknown or incomplete actions unsupported", () => {
    expect(actionKind({ type: "accountLink" })).toBe("unsupported");
    expect(actionKind({ type: "message" })).toBe("unsupported");
    expect(actionKind({ type: "uri" })).toBe("unsupported");
    expect(actionKind(undefined)).toBe("unsupported");
    expect(isSupported({ type: "postback", data: "" })).toBe(true);
  });
});

describe("datetime picker", () => {
  it("maps LINE's modes to native inputs and postback params", () => {
    expect(datetimeInput("date")).toEqual({ inputType: "date", param: "date" });
    expect(datetimeInput("time")).toEqual({ inputType: "time", param: "time" });
    expect(datetimeInput("datetime")).toEqual({ inputType: "datetime-local", param: "datetime" });
    expect(datetimeInput(undefined)).toEqual({ inputType: "datetime-local", param: "datetime" });
  });
  it("accepts LINE's lower-case t in datetimes", () => {
    expect(toInputValue("2026-12-01t09:00")).toBe("2026-12-01T09:00");
    expect(toInputValue(undefined)).toBeUndefined();
  });
});

describe("actionLabel", () => {
  it("falls back from label to what the action carries", () => {
    expect(actionLabel({ type: "message", label: "L", text: "T" })).toBe("L");
    expect(actionLabel({ type: "message", text: "T" })).toBe("T");
    expect(actionLabel({ type: "uri", uri: "https://x" })).toBe("https://x");
    expect(actionLabel({ type: "camera" })).toBe("camera");
  });
});

/** Small pieces of Flex messages several features send. */

/** A bubble footer with one primary button that opens `uri` (LINE green unless told). */
export function uriButtonFooter(label: string, uri: string, color = "#06C755") {
  return {
    type: "box" as const,
    layout: "vertical" as const,
    contents: [
      {
        type: "button" as const,
        style: "primary" as const,
        color,
        action: { type: "uri" as const, label, uri },
      },
    ],
  };
}

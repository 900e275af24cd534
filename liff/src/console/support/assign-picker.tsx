import { useEffect, useState } from "preact/hooks";
import { Icon } from "../ui";
import type { Agent } from "./api";
import type { SupportStrings } from "./i18n";
import { agentLabel, myId, type People } from "./shared";

/**
 * Who the conversation is assigned to, as a picker of the agents: nobody, or anyone listed (the
 * signed-in agent marked 我). An assignee no longer listed stays shown until changed.
 */
export function AssignPicker(props: {
  s: SupportStrings;
  people: People;
  assignedTo: string | null;
  /** Another change is on its way: a pick waits for it. */
  busy: boolean;
  onPick: (staffId: string | null) => Promise<boolean>;
}) {
  const { s, people, assignedTo } = props;
  // The pick shows at once; the conversation's next answer (or a refusal) replaces it.
  const [picked, setPicked] = useState<string | null | undefined>(undefined);
  useEffect(() => setPicked(undefined), [assignedTo]);
  const value = picked === undefined ? assignedTo : picked;
  const agents = people.agents ?? [];
  const me = myId(people.me);
  // The signed-in agent first, then the others as the API orders them (by staff code).
  const listed = [...agents.filter((a) => a.id === me), ...agents.filter((a) => a.id !== me)];
  const twice = new Set(agents.map((a) => a.name).filter((n, i, all) => all.indexOf(n) !== i));
  const label = (a: Agent) => {
    const name = twice.has(a.name) ? `${a.name} · ${a.code}` : a.name;
    return a.id === me ? s.selfName(name) : name;
  };
  return (
    <span class={`assign-picker${value ? " assign-picker-set" : ""}`}>
      <Icon name="user" size={15} />
      <select
        class="assign-select"
        aria-label={s.assignLabel}
        title={s.assignLabel}
        data-testid="assign-picker"
        value={value ?? ""}
        disabled={people.agents === null}
        onChange={async (e) => {
          const to = e.currentTarget.value || null;
          if (to === assignedTo || props.busy) {
            e.currentTarget.value = value ?? "";
            return;
          }
          setPicked(to);
          if (!(await props.onPick(to))) setPicked(undefined);
        }}
      >
        <option value="">{s.unassigned}</option>
        {listed.map((a) => (
          <option key={a.id} value={a.id}>
            {label(a)}
          </option>
        ))}
        {assignedTo && !agents.some((a) => a.id === assignedTo) && (
          <option value={assignedTo}>{agentLabel(assignedTo, s, people)}</option>
        )}
      </select>
    </span>
  );
}

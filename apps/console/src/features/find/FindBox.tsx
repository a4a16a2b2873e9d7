/** One search box for customers and cases; arrows move, Enter opens, Escape closes. */
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from "react";
import type { Case, Customer, Page } from "@tandem/contracts";
import { get } from "../../lib/api";
import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "../../lib/queryClient";
import { navigate } from "../../lib/router";
import { errorText, useI18n } from "../../i18n";
import { Icon } from "../../ui/icons";
import { StatusBadge } from "../../ui";
import { isPartner, useMe } from "../auth/session";

type Result = { kind: "customer"; customer: Customer } | { kind: "case"; kase: Case };

export function FindBox({ onNewCustomer }: { onNewCustomer: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const [text, setText] = useState("");
  const [debounced, setDebounced] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const h = setTimeout(() => setDebounced(text.trim()), 200);
    return () => clearTimeout(h);
  }, [text]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) && !target.isContentEditable) {
        e.preventDefault();
        inputRef.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (boxRef.current && !boxRef.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, []);

  const enabled = debounced.length >= 2;
  const partner = isPartner(me);
  const customers = useQuery({ queryKey: queryKeys.findCustomers(debounced), queryFn: ({ signal }) => get<Page<Customer>>("/api/v1/customers", { q: debounced, limit: 8 }, signal), enabled: enabled && !partner });
  const cases = useQuery({ queryKey: queryKeys.findCases(debounced), queryFn: ({ signal }) => get<Page<Case>>("/api/v1/cases", { q: debounced, limit: 8 }, signal), enabled });

  const results: Result[] = [
    ...(customers.data?.items ?? []).map((customer): Result => ({ kind: "customer", customer })),
    ...(cases.data?.items ?? []).map((kase): Result => ({ kind: "case", kase })),
  ];

  useEffect(() => setActive(0), [debounced]);

  const openResult = (r: Result | undefined) => {
    if (!r) return;
    setOpen(false);
    setText("");
    inputRef.current?.blur();
    navigate(r.kind === "customer" ? `/customers/${r.customer.id}` : `/cases/${r.kase.id}`);
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      openResult(results[active]);
    } else if (e.key === "Escape") {
      setOpen(false);
      inputRef.current?.blur();
    }
  };

  const loading = enabled && (customers.isLoading || cases.isLoading);
  const listId = "find-results";
  let index = -1;
  const optionId = (i: number) => `find-opt-${i}`;

  return (
    <div className="find" ref={boxRef}>
      <label className="find-input">
        <Icon name="search" />
        <span className="sr-only">{t("header.find")}</span>
        <input
          ref={inputRef}
          type="search"
          value={text}
          placeholder={t("header.findPlaceholder")}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onKeyDown}
          data-testid="search-box"
          role="combobox"
          aria-expanded={open && text.trim().length > 0}
          aria-controls={listId}
          aria-activedescendant={results.length ? optionId(active) : undefined}
          aria-autocomplete="list"
        />
        {text ? null : <kbd className="kbd-hint" aria-hidden="true">/</kbd>}
      </label>
      {open && text.trim().length > 0 ? (
        <div className="find-panel" id={listId} role="listbox" aria-label={t("header.find")} data-testid="search-results">
          {!enabled ? <div className="find-note">{t("find.typeMore")}</div> : null}
          {loading ? <div className="find-note">{t("find.searching")}</div> : null}
          {enabled && !loading ? (
            <>
              {!partner ? (
                <div className="find-group">
                  <div className="find-group-title">{t("find.customers")}</div>
                  {customers.error ? <div className="find-note">{errorText(t, customers.error)}</div> : null}
                  {customers.data && customers.data.items.length === 0 ? <div className="find-note">{t("find.noCustomers")}</div> : null}
                  {customers.data?.items.map((c) => {
                    index++;
                    const i = index;
                    return (
                      <div key={c.id} id={optionId(i)} role="option" aria-selected={i === active} className={`find-item ${i === active ? "is-active" : ""}`} onMouseDown={(e) => e.preventDefault()} onClick={() => openResult({ kind: "customer", customer: c })} onMouseEnter={() => setActive(i)} data-testid="search-result-customer">
                        <Icon name="user" />
                        <span className="find-main">{c.name}</span>
                        <span className="find-sub">{c.identities.slice(0, 2).map((x) => x.value).join(" · ")}</span>
                      </div>
                    );
                  })}
                </div>
              ) : null}
              <div className="find-group">
                <div className="find-group-title">{t("find.cases")}</div>
                {cases.error ? <div className="find-note">{errorText(t, cases.error)}</div> : null}
                {cases.data && cases.data.items.length === 0 ? <div className="find-note">{t("find.noCases")}</div> : null}
                {cases.data?.items.map((k) => {
                  index++;
                  const i = index;
                  return (
                    <div key={k.id} id={optionId(i)} role="option" aria-selected={i === active} className={`find-item ${i === active ? "is-active" : ""}`} onMouseDown={(e) => e.preventDefault()} onClick={() => openResult({ kind: "case", kase: k })} onMouseEnter={() => setActive(i)} data-testid="search-result-case">
                      <Icon name="case" />
                      <span className="find-main">
                        <span className="mono">{k.number}</span> {k.subject}
                      </span>
                      <StatusBadge status={k.status} />
                    </div>
                  );
                })}
              </div>
              {!partner ? (
                <button
                  type="button"
                  className="find-create"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => {
                    setOpen(false);
                    onNewCustomer();
                  }}
                >
                  <Icon name="plus" /> {t("find.createCustomer")}
                </button>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

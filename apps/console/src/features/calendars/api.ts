/** Business calendars: reads and writes, one server page at a time. */
import type { Calendar, CalendarPreview, Page } from "@tandem/contracts";
import { get, patch, post } from "../../lib/api";
import { searchParams } from "../pickers/search";

export const calendarsKey = () => ["calendars"] as const;

export interface CalendarDraftBody {
  name: string;
  timezone: string;
  hours: { day: number; from: string; to: string }[];
  holidays: string[];
  workingDays: (string | { date: string; hours?: { from: string; to: string }[] })[];
}

export const fetchCalendarPage = (text: string, cursor: string | undefined, signal?: AbortSignal) =>
  get<Page<Calendar>>("/api/v1/calendars", { ...searchParams(text), limit: 50, ...(cursor ? { cursor } : {}) }, signal);
export const createCalendar = (body: CalendarDraftBody) => post<Calendar>("/api/v1/calendars", body);
export const updateCalendar = (id: string, body: CalendarDraftBody) => patch<Calendar>(`/api/v1/calendars/${id}`, body);
export const previewCalendar = (id: string, from: string, duration: string, signal?: AbortSignal) => get<CalendarPreview>(`/api/v1/calendars/${id}/preview`, { from, duration }, signal);

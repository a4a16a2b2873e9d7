// The calendars module's public face: business time as pure functions, and loading a calendar.
export {
  addBusinessDays,
  addBusinessDuration,
  addOpenTime,
  type BusinessCalendar,
  BusinessTimeError,
  isOpenAt,
  type MakeUpDay,
  nextOpening,
  openTimeBetween,
  type OpeningInterval,
  parseBusinessDuration,
  validateCalendar,
} from "./domain/business-time.js";
export { findCalendar, insertCalendar } from "./repository.js";
export { createCalendar } from "./calendar-commands.js";
export { calendarRoutes } from "./routes.js";

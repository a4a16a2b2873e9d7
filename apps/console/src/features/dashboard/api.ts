import type { SupervisorDashboard } from "@tandem/contracts";
import { get } from "../../lib/api";

export const fetchSupervisorDashboard = (signal?: AbortSignal) => get<SupervisorDashboard>("/api/v1/dashboard/supervisor", undefined, signal);

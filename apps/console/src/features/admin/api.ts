/** Administration reads and writes, each list one server page at a time. */
import type { ApiToken, Organization, Page, User } from "@tandem/contracts";
import { get, patch, post } from "../../lib/api";
import { searchParams } from "../pickers/search";

export const ADMIN_PAGE = 50;
const pageQuery = (text: string, cursor: string | undefined) => ({ ...searchParams(text), limit: ADMIN_PAGE, ...(cursor ? { cursor } : {}) });

export const fetchOrganizationPage = (text: string, cursor: string | undefined, signal?: AbortSignal) => get<Page<Organization>>("/api/v1/organizations", pageQuery(text, cursor), signal);
export const fetchUserPage = (text: string, cursor: string | undefined, signal?: AbortSignal) => get<Page<User>>("/api/v1/users", pageQuery(text, cursor), signal);
export const fetchTokens = (signal?: AbortSignal) => get<Page<ApiToken>>("/api/v1/tokens", undefined, signal);

export const createOrganization = (body: { name: string; kind: "department" | "partner" }) => post<Organization>("/api/v1/organizations", body);
export const createUser = (body: { email: string; name: string; password: string; role: string; organizationId: string }) => post<User>("/api/v1/users", body);
export const updateUser = (id: string, body: { role?: string; organizationId?: string; active?: boolean }) => patch<User>(`/api/v1/users/${id}`, body);
export const createToken = (body: { name: string; expiresInDays?: number }) => post<ApiToken>("/api/v1/tokens", body);
export const revokeToken = (id: string) => post<ApiToken>(`/api/v1/tokens/${id}/revoke`);

// Calling the server's JSON API: same-origin cookies, and this session's CSRF token on changes.
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? "";
}

// The server refused (status: its HTTP status; serverError: its "error" text, if any), or
// nothing answered (status 0: offline).
export class ApiError extends Error {
  constructor(status, serverError = null) {
    super(serverError || (status ? `HTTP ${status}` : "offline"));
    this.status = status;
    this.serverError = serverError;
  }
}

// fetch() with our headers: `json` is sent as the body; returns the Response.
export function request(url, { method = "GET", json = undefined, ...options } = {}) {
  const headers = { ...(options.headers || {}) };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  if (json !== undefined) headers["Content-Type"] = "application/json";
  return fetch(url, {
    credentials: "same-origin",
    ...options,
    method,
    headers,
    body: json === undefined ? options.body : JSON.stringify(json),
  });
}

// Call the API and return its JSON answer; throws ApiError when it refuses or cannot be reached.
export async function callJson(url, options = {}) {
  let response;
  try {
    response = await request(url, options);
  } catch {
    throw new ApiError(0);
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, typeof answer.error === "string" ? answer.error : null);
  return answer;
}

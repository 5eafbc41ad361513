// The partner portal's API contract: filled in by the portal work.
export {}

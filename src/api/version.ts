/** Sent as the API-Version header on every response (Dutch API Design Rules, API-57). */
export const API_VERSION = '0.1.0';

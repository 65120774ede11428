/** Client tokens are shared machinery now (../../idempotency); this path stays for the service modules. */
export { TOKEN_LIFETIME_MS, withClientToken } from '../../idempotency';

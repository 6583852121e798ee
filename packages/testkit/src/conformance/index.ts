export { createConformanceServer } from './server.js';
export { startConformanceHttp, type ConformanceHttpHandle } from './http.js';
export { MemoryEventStore } from './event-store.js';
export { conformanceTools, type ToolContext } from './tools.js';

export * from "./common.js";
export * from "./service.js";
export * from "./project.js";
export { orderBySchema } from "./order.js";

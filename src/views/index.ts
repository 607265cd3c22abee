/** The view contracts: one zod schema and type per view, the `View` union and its text rendering. */
export * from './approval-views.ts';
export * from './billing-views.ts';
export * from './checklist-views.ts';
export * from './company-views.ts';
export * from './message-views.ts';
export * from './microsoft-views.ts';
export * from './offboard-views.ts';
export * from './order-views.ts';
export * from './product-views.ts';
export * from './subscription-views.ts';
export * from './view-parts.ts';
export * from './view.ts';

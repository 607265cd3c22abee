/**
 * One card per view: the view's zod contract (from `src/views`) paired with the presenter that
 * turns it into the data its template `cards/<name>.json` binds. Keyed by `ViewKind`, so a view
 * added to the intent layer without a card fails to compile here.
 */
import type { z } from 'zod';
import * as views from '../views/index.ts';
import type { ViewKind } from '../views/index.ts';
import { wireIds } from '../wire-ids.ts';
import { CardExpansionError } from './card-expansion-error.ts';
import { type Viewer, approvalCardData } from './present/approval-card-data.ts';
import { approvalResultData, auditListData, detailsFormData, requestListData, seatsFormData } from './present/approval-cards.ts';
import { companyDetailData, orderDetailData, productDetailData, subscriptionDetailData } from './present/detail-cards.ts';
import {
  companyListData,
  contactListData,
  orderListData,
  productListData,
  renewalListData,
  subscriptionListData,
} from './present/list-cards.ts';
import { offboardFormData } from './present/offboard-cards.ts';
import { onboardChecklistData } from './present/checklist-cards.ts';
import { licenceListData, unusedListData, userDetailData, userListData } from './present/microsoft-cards.ts';
import { fileExportData, reconcileSummaryData } from './present/billing-cards.ts';
import { choicesData, errorData, helpData, noticeData, workingData } from './present/message-cards.ts';

/** What besides the view decides a card's content: who looks at it. */
export interface CardContext {
  viewer: Viewer;
}

export interface CardEntry {
  /** Checks `view` against the contract and presents it; throws {@link CardExpansionError} if it does not match. */
  present(view: unknown, context: CardContext): object;
}

function card<S extends z.ZodType>(schema: S, present: (view: z.output<S>, context: CardContext) => object): CardEntry {
  return {
    present(view, context) {
      const parsed = schema.safeParse(view);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
        throw new CardExpansionError('card data does not match its view contract', issues);
      }
      return present(parsed.data, context);
    },
  };
}

export const cardRegistry: { readonly [K in ViewKind]: CardEntry } = {
  help: card(views.helpSchema, helpData),
  companyList: card(views.companyListSchema, companyListData),
  companyDetail: card(views.companyDetailSchema, companyDetailData),
  contactList: card(views.contactListSchema, contactListData),
  productList: card(views.productListSchema, productListData),
  productDetail: card(views.productDetailSchema, productDetailData),
  subscriptionList: card(views.subscriptionListSchema, subscriptionListData),
  subscriptionDetail: card(views.subscriptionDetailSchema, subscriptionDetailData),
  orderList: card(views.orderListSchema, orderListData),
  orderDetail: card(views.orderDetailSchema, orderDetailData),
  requestList: card(views.requestListSchema, requestListData),
  renewalList: card(views.renewalListSchema, renewalListData),
  auditList: card(views.auditListSchema, auditListData),
  licenceList: card(views.licenceListSchema, licenceListData),
  unusedList: card(views.unusedListSchema, unusedListData),
  userList: card(views.userListSchema, userListData),
  userDetail: card(views.userDetailSchema, userDetailData),
  reconcileSummary: card(views.reconcileSummarySchema, reconcileSummaryData),
  fileExport: card(views.fileExportSchema, fileExportData),
  approvalRequest: card(views.approvalRequestSchema, (view, { viewer }) => approvalCardData(view.request, viewer, view.note)),
  approvalResult: card(views.approvalResultSchema, (view, { viewer }) => approvalResultData(view, viewer)),
  detailsForm: card(views.detailsFormSchema, (view) => detailsFormData(view, wireIds.slack.detailsBlockPrefix)),
  seatsForm: card(views.seatsFormSchema, (view) => seatsFormData(view, wireIds.slack.seatsInput)),
  offboardForm: card(views.offboardFormSchema, (view) =>
    offboardFormData(view, { block: wireIds.slack.offboardBlockInput, remove: wireIds.slack.offboardRemoveInput, seatPrefix: wireIds.slack.offboardSeatPrefix }),
  ),
  onboardChecklist: card(views.onboardChecklistSchema, onboardChecklistData),
  choices: card(views.choicesSchema, choicesData),
  working: card(views.workingSchema, workingData),
  notice: card(views.noticeSchema, noticeData),
  error: card(views.errorSchema, errorData),
};

/** Template names: one per view kind, `cards/<name>.json`. */
export type CardName = ViewKind;

/** All card names, for tests that walk every template. */
export const cardNames = Object.keys(cardRegistry) as CardName[];

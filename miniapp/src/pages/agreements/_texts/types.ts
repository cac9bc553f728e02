// The shape of an agreement's text: a lead paragraph and numbered sections of paragraphs.
export interface AgreementSection {
  heading: string;
  paragraphs: readonly string[];
}

export interface AgreementText {
  lead: string;
  sections: readonly AgreementSection[];
}

/** Who "we" are in every document (the deployment's operator, see the README), named once. */
export const WE = '医保码运营方（参保地医疗保障经办机构或其委托的技术服务单位，以下简称“我们”）';

// family.* channel operations: the 亲情账户 of an owner (list, add, consent, remove).
import type { SandboxContext } from '../context';
import {
  addFamilyMember,
  consentFamilyMember,
  familyContact,
  listFamily,
  removeFamilyMember,
} from '../domain/family';
import { operations, type Operations } from './operation';

export function familyOperations(context: SandboxContext): Operations {
  return operations({
    'family.list': (input) => listFamily(context, input.ownerPsnNo),
    'family.add': (input) => addFamilyMember(context, input),
    'family.consent': (input) => consentFamilyMember(context, input),
    'family.contact': (input) => familyContact(context, input.ownerPsnNo, input.memberPsnNo),
    'family.remove': (input) => removeFamilyMember(context, input.ownerPsnNo, input.memberPsnNo),
  });
}

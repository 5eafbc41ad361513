// The discount shapes of each API version Afflio reads, from the recorded payloads (fixtures/).
import { describe, expect, it } from 'vitest'
import { fixture } from '../testing-stripe.ts'
import { discountOf, retrievedInvoiceDiscount } from './discounts.ts'

describe('Stripe discounts', () => {
  it('before basil: the expanded `discount` names the coupon, and its id in `discounts` needs no look-up', () => {
    const invoice = fixture('invoice.paid.discount').data.object
    expect(retrievedInvoiceDiscount(invoice)!.discount).toEqual({ promotionCodes: [], codes: [], coupons: ['BOB10'], unexpanded: null })
  })

  it('from basil on: discounts by id alone are to be looked up on their invoice, its lines’ too', () => {
    const invoice = fixture('invoice.paid.clover.discount').data.object
    expect(retrievedInvoiceDiscount(invoice)!.discount).toEqual({ promotionCodes: [], codes: [], coupons: [], unexpanded: { invoiceId: invoice.id, discountIds: ['di_1SdC4cLkdIwHu7ixAlice1001'] } })
    invoice.lines.data[0].discounts = ['di_line_1']
    expect(retrievedInvoiceDiscount(invoice)!.discount!.unexpanded!.discountIds).toEqual(['di_1SdC4cLkdIwHu7ixAlice1001', 'di_line_1'])
  })

  it('expanded: clover’s `source.coupon` and basil’s `coupon`, with the promotion code and its code', () => {
    expect(retrievedInvoiceDiscount(fixture('invoice.retrieved.discounts'))!.discount).toEqual({ promotionCodes: ['promo_1SdC3xLkdIwHu7ixAlice10'], codes: ['ALICE10'], coupons: ['Z4OV52SU'], unexpanded: null })
    const basil = { id: 'di_1', object: 'discount', coupon: { id: 'BOB10', object: 'coupon', percent_off: 10 }, promotion_code: 'promo_1' }
    expect(discountOf(['di_1', basil], 'in_1')).toEqual({ promotionCodes: ['promo_1'], codes: [], coupons: ['BOB10'], unexpanded: null })
  })

  it('a Checkout Session’s discounts, and none', () => {
    expect(discountOf(fixture('checkout.session.completed.clover.discount').data.object.discounts, null)).toEqual({ promotionCodes: ['promo_1SdC3xLkdIwHu7ixAlice10'], codes: [], coupons: ['Z4OV52SU'], unexpanded: null })
    expect(discountOf([], 'in_1')).toBeNull()
    expect(retrievedInvoiceDiscount({ ...fixture('invoice.paid.basil').data.object, discounts: [] })).toEqual({ discount: null })
    expect(retrievedInvoiceDiscount({ object: 'list' })).toBeNull()
  })
})

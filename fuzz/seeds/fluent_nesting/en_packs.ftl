# The red-flags training pack for bank frontline staff: cashiers, branch and contact-centre staff.
# Clear and practical: staff read it in a short training session and keep it at the counter.

## Opening

pack-title = Red flags: customers who may be exploited
pack-intro = People who are trafficked or forced to work often have bank accounts, because their wages are paid into them. The people who control them use those accounts too. You may be one of the few outsiders who ever sees the signs. One sign alone proves nothing, but several together are a reason to speak up.
pack-issued = Issued to { $partner } on { $date }

## Red flags

pack-flags-heading = Red flags to look out for
pack-flag-shared-address = Several customers give the same address or phone number, often people who are not related.
pack-flag-third-party = Someone else speaks for the customer, answers questions for them, or holds their passport and documents.
pack-flag-wages-withdrawn = Wages are paid in and taken out straight away, often by someone other than the customer.
pack-flag-cards-held = Another person keeps the customer's bank card, PIN or online banking details.
pack-flag-unsure-address = The customer does not know their own address, or has to check it with someone else.
pack-flag-fear = The customer seems frightened, nervous or watched, or looks at someone else before answering.
pack-flag-same-helper = The same "helper" keeps coming in with different customers to open accounts.
pack-flag-agent-payments = Regular payments go to recruitment, transport or housing agents, and take most of the wage.

## What to do

pack-action-heading = What to do if you notice red flags
pack-action-no-confront = Do not confront the customer or the person with them, and do not tell them you are concerned. It could put the customer in danger.
pack-action-note = Write down what you saw and heard, with the date and time, as soon as you can. Keep to the facts.
pack-action-report = Report it to your safeguarding lead or your MLRO (Money Laundering Reporting Officer), the way your bank asks you to.
pack-action-emergency = If someone is in immediate danger, call 999.
pack-action-helpline = For advice at any time, call the Modern Slavery & Exploitation Helpline free on 08000 121 700.

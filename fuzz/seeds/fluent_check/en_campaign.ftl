# Campaign content: the ad creatives and the landing page people reach when they tap an ad.
# Creatives carry hard length limits in every language: .headline at most 30 characters,
# .primary-text at most 90, .description at most 30. Count the characters, spaces included.
# The helpline number in the creatives is written out: they take no variables.

## Ad creatives. The value is a short label for campaigners; the attributes are what the ad shows.

creative-rights-at-work = Know your rights at work
    .headline = Know your rights at work
    .primary-text = Low pay, long hours, no payslip? Call the free, confidential helpline: 08000 121 700
    .description = Free and confidential, 24/7
    .image-alt = Farm workers picking vegetables in a wide, flat field early in the morning.

creative-passport = Someone else holds your passport
    .headline = Who has your passport?
    .primary-text = Your passport and ID are yours. No boss or landlord may keep them. Call 08000 121 700
    .description = Free, confidential helpline
    .image-alt = A man's hand holding a passport that another person is reaching for across a table.

creative-debt = A debt that never shrinks
    .headline = A debt that never goes down?
    .primary-text = Owe a recruiter or landlord, and the debt keeps growing? Get free help: 08000 121 700
    .description = Free help, any time
    .image-alt = A worried woman sitting on a bed in a crowded room, looking at a handwritten list of money owed.

## Landing page: what people see after they tap an ad.

landing-title = Your work should be fair and safe
landing-intro = Everyone who works in the UK has the right to be paid fairly, to keep their own documents and to leave a job. If something at your work feels wrong, you are not alone, and help is free.
landing-signs-heading = Signs that something is wrong
landing-sign-pay = You are paid much less than you were promised, or someone else takes your wages.
landing-sign-documents = Someone else keeps your passport or ID and will not give it back.
landing-sign-debt = You owe money for travel, work or a bed, and the debt never gets smaller.
landing-sign-housing = You must live where your boss says, in a crowded place, and the rent is taken from your pay.
landing-sign-movement = You cannot come and go as you like, or you are told not to talk to anyone.
landing-helpline = Call the Modern Slavery & Exploitation Helpline free on { $phone }, any time, in your language.
landing-emergency = If you are in danger now, call 999.
landing-report-link = Worried about someone else? Tell us anonymously
landing-privacy = We do not record who you are. You do not need to give your name to get help.

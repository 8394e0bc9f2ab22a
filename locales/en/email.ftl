# E-mails Beacon sends: to community organisations, to partners receiving a training pack, and survey invitations.
# Each paragraph is its own message. Keep the greeting's comma: the paragraphs follow on new lines.

## Campaign e-mail to community organisations

email-campaign-subject = Our new campaign on rights at work: can you help spread the word?
email-campaign-greeting = Hello { $name },
email-campaign-greeting-all = Hello,
email-campaign-our-message = Our message, as people will see it:
email-campaign-intro = We are starting an awareness campaign for people who work on farms, in packhouses and in food factories near you. It tells them about their rights at work and about the free, confidential Modern Slavery & Exploitation Helpline.
email-campaign-ask = You know the people you support better than anyone. Could you share our message with them? We have posters, leaflets and short posts for social media in several languages, all free.
email-campaign-reply = Just reply to this e-mail and tell us which materials and which languages you would like, and we will send them to you.
email-campaign-survey = Once people have seen our message, we would like to know if it helped them. Please pass on this short, anonymous survey (it asks nobody for their name): { $link }
email-campaign-privacy = We will never ask you for the names or contact details of the people you support.
email-campaign-signoff = With thanks,

## Survey invitation

email-survey-subject = Two minutes to help us: a short, anonymous survey
email-survey-greeting = Hello,
email-survey-body = Not long ago we shared messages about rights at work and about the Modern Slavery & Exploitation Helpline. We would like to know if they reached you, and if they were useful.
email-survey-link = There are six short questions, and it takes about two minutes. It is anonymous: we do not ask for your name. Start here: { $link }
email-survey-signoff = Thank you,

## Signature and footer, at the end of every e-mail

email-signature = The { $organisation } team
email-footer = You are receiving this e-mail because your organisation works with { $organisation }.
email-unsubscribe = Don't want these e-mails any more? Unsubscribe here: { $link }

## Sign-up confirmation (double opt-in)

email-confirm-subject = Please confirm: { $list }
email-confirm-body = Someone, we hope you, asked to receive e-mails from “{ $list }” at this address.
email-confirm-link = To confirm, open this link within { $hours } hours: { $link }
email-confirm-ignore = If it was not you, ignore this e-mail: without your confirmation we send nothing more.

## A partner's red-flag pack, sent to one of its contacts
email-pack-subject = Your red-flag pack for { $region }: { $partner }
email-pack-greeting = Dear { $name },
email-pack-body = { $organisation } has prepared version { $version } of the red-flag pack for { $partner } in { $region }: the signs of exploitation your staff may see, what to do and whom to call.
email-pack-link = Download it (PDF) until { $until }: { $link }
email-pack-emergency = If someone is in immediate danger, call { $number }.
email-pack-stop = If you should no longer receive these packs, use this link and we will remove your details: { $link }

# The "red flags" training packs that Beacon renders for partner organisations, as HTML and PDF: one pack per sector.
# Staff read a pack in a short training session and keep it at hand at work, so keep the words plain and practical.
# Lists are numbered -1, -2, -3 and so on: keep the numbers consecutive, because Beacon stops reading a list at the first missing number.
# Keep every variable ($region, $number and so on) exactly as it is. Never write a phone number into the text: the numbers come from the variables.

## Common to every pack

pack-title = Red flags: spotting exploitation
pack-version = Version { $version }
pack-issued = Prepared for { $partner }, { $region }, { $date }
pack-sector-bank = Bank
pack-sector-local-authority = Local authority
pack-sector-health = Health
pack-sector-police = Police
pack-sector-ngo = Community organisation (NGO)
pack-sector-employer = Employer
pack-sector-other = Other organisation
pack-one-sign = One sign on its own proves nothing: there is often an innocent explanation. Several signs together, or one that keeps coming back, are a reason to act. Acting means passing on what you saw through the routes in this pack. Never investigate yourself.
pack-labour-heading = Signs of labour exploitation
pack-sexual-heading = Signs of sexual exploitation
pack-do-heading = What to do
pack-dont-heading = What not to do
pack-call-heading = Whom to call
pack-call-emergency = If someone is in immediate danger, call { $number }.
pack-call-helpline = For advice at any time, call { $name } on { $number }. The call is free and confidential, and interpreters are available.
pack-call-local-heading = Local contacts
pack-call-local-none = No local contacts have been set up for this region yet. Use the helpline: it can put you in touch with the right people near you.
pack-hotspots-heading = Where exploitation has been recorded in { $region }
pack-hotspots-intro = The figures are the number of recorded cases in each area. Areas with fewer than { $k } cases are not shown, and the numbers have been changed slightly to protect the people behind them. They show where cases have come to light; exploitation can happen anywhere.
pack-hotspots-none = No area in this region has enough recorded cases to be shown. This does not mean that there is no exploitation here.
pack-hotspots-area = Area
pack-hotspots-cases = Recorded cases
pack-map-caption = Map of the region: the shaded cells are where cases have been recorded.
pack-qr-caption = Scan the code to report a concern: anonymously, without an account.
pack-survey-caption = Help us learn whether the campaign reached people: scan this code, or open the link, to answer a short anonymous survey. You may pass it on.
pack-languages-heading = Languages in this pack
pack-languages-all = Every section is in { $language }.
pack-languages-section = { $section }: { $language }
pack-section-cover = Cover
pack-section-signs = Signs
pack-section-actions = What to do
pack-section-calls = Whom to call
pack-section-hotspots = Recorded cases
pack-footer = Made by { $organisation } with Beacon. Share it freely inside your organisation: it contains no personal data.

## Bank

pack-bank-audience = For frontline staff: cashiers, branch and contact-centre staff.
pack-bank-intro = People who are forced to work are usually paid into a bank account, and the people who control them use those accounts too. You see the customer, their documents and how their money moves, so you may be one of the few outsiders who ever notices that something is wrong.
pack-bank-labour-1 = Several people's wages are paid into one account, or one person's wages go into an account in someone else's name.
pack-bank-labour-2 = One address or phone number is given for many accounts, often for people who are not related.
pack-bank-labour-3 = A third party speaks for the customer, answers questions for them, or holds their bank card, PIN or identity documents.
pack-bank-labour-4 = Wages are taken out as cash or moved on the moment they arrive, often at the same cash machine as other workers' wages.
pack-bank-labour-5 = The same "helper" keeps coming in with different customers, often newly arrived workers, to open accounts.
pack-bank-labour-6 = Regular payments to a recruitment, transport or housing agent take most of the wage, or the customer says they owe a debt for their job or their journey.
pack-bank-labour-7 = The customer does not know their own address or employer, or has to check with someone else before answering.
pack-bank-labour-8 = The customer seems frightened, exhausted or watched, or looks at the person with them before saying anything.
pack-bank-sexual-1 = An account pays for online adult adverts, hotel rooms or short-let flats in different towns, and the account holder does not seem to be the one using it.
pack-bank-sexual-2 = Many small payments come in from different people, often late at night, and are moved on to someone else straight away.
pack-bank-sexual-3 = The same person keeps bringing different young women or men to take out cash or open accounts, and handles the money for them.
pack-bank-sexual-4 = An account pays for many phones or SIM cards, or for taxis and travel at unusual hours.
pack-bank-sexual-5 = The customer seems younger than the age on their documents, or is not allowed to speak for themselves or keep their own money.
pack-bank-do-1 = Write down what you saw and heard, with the date, the time and the account details, as soon as you can. Keep to the facts.
pack-bank-do-2 = Report it to your Money Laundering Reporting Officer (MLRO) or nominated officer, the way your bank asks you to. They decide whether to make a Suspicious Activity Report (SAR).
pack-bank-do-3 = Tell your safeguarding or vulnerable customers lead as well, so that the person gets support, not just the account.
pack-bank-do-4 = If it is safe, give the customer a chance to speak to you alone, for example by taking them to a private room for a routine check.
pack-bank-do-5 = If someone is in immediate danger, call the emergency number. For advice, call the helpline in this pack.
pack-bank-dont-1 = Do not confront the customer or the person with them, and do not say that you are worried. It could put the customer in danger.
pack-bank-dont-2 = Do not tell anyone outside your reporting route that you have reported it: that could tip off the people involved, and it may be a criminal offence.
pack-bank-dont-3 = Do not close the account or refuse service on your own: that is for your MLRO to decide, and it can cut the customer off from the only outsider they see.
pack-bank-dont-4 = Do not ask the person with the customer to interpret, or let them answer for the customer.

## Local authority

pack-local-authority-audience = For council staff who visit homes or handle records: housing, licensing, environmental health, council tax, benefits, social care and community safety.
pack-local-authority-intro = Council staff go into homes, inspect businesses and see who lives where and who pays what. Exploitation needs housing, transport and paperwork, so the first signs often show up in your visits and your records, long before anyone asks for help.
pack-local-authority-labour-1 = An overcrowded house in multiple occupation (HMO): many mattresses in one room, people sleeping in living rooms, sheds or outbuildings, or beds used in shifts.
pack-local-authority-labour-2 = A landlord or "agent" who also employs or transports the tenants, takes the rent out of their wages, or stays close by during an inspection.
pack-local-authority-labour-3 = Tenants who do not know the address, the landlord's name or how much they pay, or who say the rent is taken from their wages.
pack-local-authority-labour-4 = Council tax, electoral or benefit records showing many unrelated adults at one address, with names that change often.
pack-local-authority-labour-5 = Housing Benefit or Council Tax Reduction claims where a third party holds the claimant's documents, makes the claim for them, or gives their own phone number or bank account.
pack-local-authority-labour-6 = Licensed or inspected premises, such as car washes, nail bars or takeaways, where staff seem to live on site, work very long hours or cannot say who they work for.
pack-local-authority-labour-7 = Minibuses or vans collecting groups of workers from the same houses very early in the morning and bringing them back late at night.
pack-local-authority-labour-8 = Boarded or locked windows, bolts on the outside of bedroom doors, or cameras that watch the occupants rather than protect the property.
pack-local-authority-sexual-1 = A house or flat with a steady stream of different men visiting at all hours, each staying only a short time.
pack-local-authority-sexual-2 = Short-let flats, holiday lets or hotel rooms booked again and again by the same person, for a few nights each time, for different young women.
pack-local-authority-sexual-3 = Massage parlours or similar premises where staff live on site, are always accompanied, or never seem to leave.
pack-local-authority-sexual-4 = Children or young people who go missing from home, care or school, or are seen with older adults and with gifts, phones or money they cannot explain.
pack-local-authority-sexual-5 = Licensed taxi or private hire drivers taking young people to different addresses at night, again and again.
pack-local-authority-do-1 = Write down what you saw, heard and were told, with the date, the time and the address, as soon as you can. Keep to the facts.
pack-local-authority-do-2 = Report it to your council's safeguarding lead or modern slavery lead, through the adult or child safeguarding route.
pack-local-authority-do-3 = If a child may be involved, refer to children's social care straight away: a child cannot consent to being exploited.
pack-local-authority-do-4 = The council is a first responder: it can refer adults to the National Referral Mechanism (NRM) with their consent, and if they do not consent, it must still send the Home Office a Duty to Notify (England and Wales).
pack-local-authority-do-5 = Share what you know with housing, licensing, environmental health and the police through your agreed routes, so that separate pieces can be put together.
pack-local-authority-dont-1 = Do not confront the landlord, employer or "agent", or mention your concerns in front of them.
pack-local-authority-dont-2 = Do not take action that leaves people without a roof overnight, such as an immediate closure, without a plan for where they will go and who will support them.
pack-local-authority-dont-3 = Do not use the landlord, another tenant or the person who brought them as an interpreter.
pack-local-authority-dont-4 = Do not promise housing, money or immigration help that you cannot guarantee.

## Health

pack-health-audience = For staff who see patients: GP practices, A&E, walk-in centres, sexual health clinics, maternity services, dentists, pharmacists and community health teams.
pack-health-intro = For many exploited people a health appointment is the only time they are away from the people who control them, even if only for a few minutes. You may be the only professional they meet, and what you notice and record can start the help they need.
pack-health-labour-1 = The patient comes with someone who speaks for them, insists on staying in the room, or holds their documents, phone or money.
pack-health-labour-2 = Untreated or badly treated work injuries, such as cuts, burns, crush injuries, back injuries or skin damage from chemicals, with no clear explanation.
pack-health-labour-3 = The patient is not registered with a GP, has no identity documents, or does not know their own address.
pack-health-labour-4 = Signs of long hours of cold, wet or heavy work: exhaustion, poor nutrition, or skin and chest problems from crowded, damp housing.
pack-health-labour-5 = The patient comes late in an illness, or stops treatment, because they are not allowed time off or would lose pay.
pack-health-labour-6 = The account of how an injury happened changes, or does not fit the injury.
pack-health-labour-7 = Several patients give the same address, the same contact number or the same "friend" as next of kin.
pack-health-labour-8 = The patient seems frightened, withdrawn or watched, and looks at the person with them before answering.
pack-health-sexual-1 = Repeated sexually transmitted infections, unwanted pregnancies or terminations, especially when someone else always brings the patient.
pack-health-sexual-2 = Injuries to the genital area, bite marks, burns or bruises that the patient will not explain.
pack-health-sexual-3 = The patient seems younger than they say, or a child or young person has an older "boyfriend" or another adult who controls them.
pack-health-sexual-4 = Tattoos or marks that look like a sign of ownership, such as a name or a symbol the patient will not talk about.
pack-health-sexual-5 = Drug or alcohol use that someone else seems to supply or control.
pack-health-sexual-6 = The patient does not know which town they are in, or says they are moved from place to place.
pack-health-do-1 = If it is safe, see the patient alone for at least part of the appointment, for example during an examination.
pack-health-do-2 = Use a professional interpreter, by phone if necessary, and never the person who came with the patient.
pack-health-do-3 = Record exactly what you saw and were told, in the patient's own words, in the clinical notes.
pack-health-do-4 = Discuss it with your practice or trust safeguarding lead the same day, and follow your adult or child safeguarding procedures.
pack-health-do-5 = Treat the health need first, and tell the patient that they can come back; in England, registering with a GP needs no identity documents or proof of address.
pack-health-do-6 = If someone is in immediate danger, call the emergency number. For advice on what to do next, call the helpline in this pack.
pack-health-dont-1 = Do not confront the person with the patient or tell them that you are worried.
pack-health-dont-2 = Do not use the companion, a relative or a child as an interpreter.
pack-health-dont-3 = Do not give the patient's information to the person with them, even if they ask for results or details.
pack-health-dont-4 = Do not promise that nothing will be shared: explain honestly what you will do with what the patient tells you.
pack-health-dont-5 = Do not refuse care because the patient has no documents or no address.

## Police

pack-police-audience = For officers and staff: response and neighbourhood officers, roads policing, custody, call handlers and investigators.
pack-police-intro = Police officers meet exploited people at the roadside, at addresses, in custody and at the end of emergency calls, often without anyone saying the word "exploitation". Many victims have been told to fear the police, so the way you respond to the first signs can decide whether they ever ask for help.
pack-police-labour-1 = Roadside checks of minibuses or vans at dawn or late at night carrying more workers than seats, with a driver who holds the passengers' documents, bank cards or wages.
pack-police-labour-2 = Workers who do not know where they are going, who they work for or where they live.
pack-police-labour-3 = Several people stopped, arrested or found at the same address, with the same "employer" or the same phone number as their contact.
pack-police-labour-4 = People found in cannabis farms or car washes, or arrested for shoplifting or other street crime, who may have been forced to commit it.
pack-police-labour-5 = Overcrowded houses with mattresses on every floor, locks on the outside of doors, or people sleeping at their workplace.
pack-police-labour-6 = Someone else pays a detained person's fine or bail, sends them a solicitor, or turns up at the custody desk to speak for them.
pack-police-labour-7 = The person is afraid of the police, repeats a story that sounds rehearsed, or says they owe money for their journey or their job.
pack-police-labour-8 = Identity documents that are false or belong to someone else, or a group of people with no documents at all.
pack-police-sexual-1 = Online adult adverts that use the same phone number, photographs or wording for several people, or move from town to town.
pack-police-sexual-2 = Houses, short-let flats or hotel rooms with a steady stream of men visiting at all hours.
pack-police-sexual-3 = People selling sex who are moved between addresses or towns, do not know where they are, or hand over all their money.
pack-police-sexual-4 = A driver or "boyfriend" who takes people to appointments, waits outside and keeps their phone or documents.
pack-police-sexual-5 = Children or young people who go missing again and again, are found in hotels or with older adults, or have phones, gifts or money they cannot explain.
pack-police-sexual-6 = Injuries, signs of forced drug use, or tattoos that look like a mark of ownership, on someone found where sex is sold.
pack-police-do-1 = Treat the person as a possible victim first, however you met them, and make sure they are safe.
pack-police-do-2 = Speak to them away from anyone who may control them, with a professional interpreter.
pack-police-do-3 = As a first responder, refer adults to the National Referral Mechanism (NRM) with their informed consent. Refer every child, for whom no consent is needed, and tell children's services.
pack-police-do-4 = If an adult does not consent, still send the Home Office a Duty to Notify (England and Wales), and record why they did not consent.
pack-police-do-5 = Record in full what you saw and were told, and any sign of control. Tell your force's modern slavery lead and pass on intelligence through the usual routes.
pack-police-do-6 = If the person is suspected of an offence, consider whether they were forced to commit it and whether the defence for victims applies (section 45 of the Modern Slavery Act 2015 in England and Wales).
pack-police-dont-1 = Do not treat it only as an immigration or public order matter: the person may be the victim of a crime.
pack-police-dont-2 = Do not use a co-worker, driver, "boyfriend" or anyone else who came with them as an interpreter.
pack-police-dont-3 = Do not release people back to whoever brought them, drove them or claims to employ them without checking who that is.
pack-police-dont-4 = Do not promise outcomes you cannot deliver, such as the right to stay, money, or that no action will be taken.
pack-police-dont-5 = Do not let what the person told you reach anyone who may be linked to the exploiters.

## Community organisation (NGO)

pack-ngo-audience = For staff and volunteers in community organisations: advice centres, food banks, faith groups, English classes and migrant support groups.
pack-ngo-intro = People who are exploited may not trust the authorities, but they often come to a food bank, a church, an English class or a group that speaks their language. You see them again and again, somewhere they may feel safe, so you may notice changes and hear things that nobody else does.
pack-ngo-labour-1 = People who work long hours, often seven days a week, but have little or no money left, or who say their wages are held back.
pack-ngo-labour-2 = People who say they owe a debt to whoever found them the job, the transport or the housing, and that the debt keeps growing.
pack-ngo-labour-3 = Someone else holds their passport, identity card or bank card, or "looks after" their money.
pack-ngo-labour-4 = Many people living at one address, or housing provided by the employer that they are not free to leave.
pack-ngo-labour-5 = People who do not know the address where they live or work, or the name of their employer.
pack-ngo-labour-6 = Someone always brings them, waits outside or phones them while they are with you, and they leave in a hurry.
pack-ngo-labour-7 = People who were promised a different job or different pay before they came, or who were given papers in a language they do not understand.
pack-ngo-sexual-1 = Someone who was promised ordinary work, in a shop, a factory or as a cleaner, but is now made to sell sex or see "clients".
pack-ngo-sexual-2 = A partner or "boyfriend", often much older, who controls where they go, whom they talk to, their phone and their money.
pack-ngo-sexual-3 = People who are moved often between towns or addresses, or who carry several phones.
pack-ngo-sexual-4 = Injuries, bruises or signs of drug use that the person will not explain.
pack-ngo-sexual-5 = Children or young people who come with adults who are not their parents, or who talk about older "friends" who give them gifts, money or lifts.
pack-ngo-do-1 = If it is safe, find a quiet moment to speak to the person alone, in a language they understand well, with a professional interpreter if needed.
pack-ngo-do-2 = Listen, take them seriously, and tell them about their rights and about the helpline in this pack: it is free and has interpreters.
pack-ngo-do-3 = Write down what you saw and heard, with the date and time, and pass it to your organisation's safeguarding lead.
pack-ngo-do-4 = With the person's consent, ask a first responder, such as the police, the council or a specialist charity, to consider a referral to the National Referral Mechanism (NRM).
pack-ngo-do-5 = If a child may be involved, or anyone is in immediate danger, act straight away: contact children's services or call the emergency number.
pack-ngo-dont-1 = Do not confront the person you think is controlling them, or let them see that you are worried.
pack-ngo-dont-2 = Do not use friends, relatives or other members of the community as interpreters.
pack-ngo-dont-3 = Do not share what you have heard with others in the community: news travels fast, and it can reach the exploiters.
pack-ngo-dont-4 = Do not promise help you cannot give, such as a job, housing or a visa.
pack-ngo-dont-5 = Do not investigate, follow people or visit addresses yourself.

## Employer

pack-employer-audience = For employers who use their own or agency workers: HR, site managers, line managers, supervisors and the people who choose and manage labour providers.
pack-employer-intro = Exploitation often hides behind an ordinary job. In fields, packhouses and food factories it can run through a labour provider, a gangmaster or a supervisor on your own site. You hold the payroll, the rotas and the contracts, and you see the workers every day, so you are well placed to notice it and to stop it.
pack-employer-labour-1 = Several workers share the same bank account, the same address or the same emergency contact.
pack-employer-labour-2 = Workers say they paid a fee to get the job, or owe money for their journey, housing or transport, and deductions take most of their pay.
pack-employer-labour-3 = A labour provider, driver or supervisor holds workers' passports, identity cards or bank cards, or collects their wages.
pack-employer-labour-4 = The same vehicle drops off and collects a group of workers, who do not seem free to travel on their own or to talk to anyone else.
pack-employer-labour-5 = Workers have no payslips or contracts of their own, or have them only in a language they do not understand.
pack-employer-labour-6 = Workers are always tired or hungry, do not have the right clothing for the work, or stay on site when they are not working.
pack-employer-labour-7 = The same photograph or identity document seems to be used by more than one worker, or workers answer to names that are not their own.
pack-employer-labour-8 = Workers are afraid of a supervisor or of the labour provider, never take breaks or holidays, or avoid talking to managers or auditors.
pack-employer-sexual-1 = A supervisor or labour provider offers shifts, better work or housing in exchange for sex.
pack-employer-sexual-2 = Workers, often young women, are collected after their shifts by different men, or colleagues say they "work" at an address at night.
pack-employer-sexual-3 = A worker is moved between sites or towns at short notice, and someone else decides where they live.
pack-employer-sexual-4 = Workers mention an older "boyfriend" or housemate who brought them to the job and takes their wages.
pack-employer-do-1 = Check that every labour provider holds the licence the law requires: in the UK, a licence from the Gangmasters and Labour Abuse Authority (GLAA) for agriculture, shellfish gathering, and food processing and packaging.
pack-employer-do-2 = Pay every worker into an account in their own name, give payslips in a language they understand, and look out for shared accounts, addresses and phone numbers.
pack-employer-do-3 = Make it clear to labour providers, in your contracts and to the workers themselves, that no worker should ever pay a fee to get work.
pack-employer-do-4 = Write down what you saw and heard, and report it to your HR or safeguarding lead, who can contact the GLAA, the police or the helpline in this pack.
pack-employer-do-5 = Give workers a safe way to raise concerns in their own language, away from supervisors and labour providers.
pack-employer-do-6 = Keep the records that could help an investigation, such as rotas, timesheets, payroll and vehicle logs.
pack-employer-dont-1 = Do not dismiss the workers or end the labour provider's contract straight away: it can push the workers into worse exploitation and warn the people behind it.
pack-employer-dont-2 = Do not confront the labour provider, supervisor or driver before you have taken advice.
pack-employer-dont-3 = Do not question workers in front of a supervisor, and do not use a co-worker or the labour provider as an interpreter.
pack-employer-dont-4 = Do not treat it only as a disciplinary, immigration or right-to-work matter.
pack-employer-dont-5 = Do not promise workers jobs, pay or protection that you cannot guarantee.

## Other organisation

pack-other-audience = For anyone else whose job puts them in front of the public: shop, hotel and transport staff, letting agents, delivery drivers, postal workers and receptionists.
pack-other-intro = Exploited people still buy food, take buses, stay in hotels and rent rooms. You may see them, or the people who control them, more often than any professional does. You do not need to be sure: if something feels wrong, passing it on is enough.
pack-other-labour-1 = Groups of workers collected by minibus or van very early in the morning and brought back late, day after day.
pack-other-labour-2 = One person buys food, tickets or phone top-ups for a whole group, or pays for everything in cash.
pack-other-labour-3 = Someone who cannot speak for themselves, does not know where they live, or looks to another person before answering.
pack-other-labour-4 = Someone who seems frightened, exhausted or underfed, or wears clothes that do not suit the weather or the work.
pack-other-labour-5 = A house or flat where many people come and go in shifts, with mattresses on the floor and windows covered.
pack-other-labour-6 = A person who says they cannot leave their job, owes money to their employer, or has had their passport taken away.
pack-other-sexual-1 = Hotel rooms or short-let flats booked by one person for someone else, with many male visitors and requests not to be disturbed.
pack-other-sexual-2 = A young person with an older adult who is not a relative, who controls them, books their rooms or pays for everything.
pack-other-sexual-3 = People dropped off and collected at different addresses at night by the same driver.
pack-other-sexual-4 = Someone who seems younger than they claim, does not know where they are, or has injuries they will not explain.
pack-other-do-1 = Write down what you saw, with the date, the time, the place and any vehicle registrations, as soon as you can.
pack-other-do-2 = Tell your manager, or your organisation's safeguarding lead if there is one.
pack-other-do-3 = For advice, or if you are not sure, call the helpline in this pack: you do not have to give your name.
pack-other-do-4 = If someone is in immediate danger, call the emergency number straight away.
pack-other-dont-1 = Do not confront anyone or let them see that you are suspicious.
pack-other-dont-2 = Do not follow people, take photographs or try to find out more yourself.
pack-other-dont-3 = Do not promise the person anything you cannot deliver.
pack-other-dont-4 = Do not ignore it because you are not sure: it is better to pass on a concern that turns out to be nothing.

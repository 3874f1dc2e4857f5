"""Labelled sentence-splitting cases: news-style traps plus a selection of the
"Golden Rules" (English) that pysbd's authors published. Used by the splitter tests
and to compare the robust rules with pysbd."""

CASES = [
    # news traps (textstat issue #77 and the demo corpus)
    ("Mr. Smith went to Washington. He stayed.", ["Mr. Smith went to Washington.", "He stayed."]),
    ("Sen. Elizabeth Warren, D-Mass., said no.", ["Sen. Elizabeth Warren, D-Mass., said no."]),
    ("The U.S. economy grew 3.5% last year.", ["The U.S. economy grew 3.5% last year."]),
    ("Troops left the U.S. The move was sudden.", ["Troops left the U.S.", "The move was sudden."]),
    (
        "It opened at 9 a.m. Tuesday and closed at 5 p.m. on Friday.",
        ["It opened at 9 a.m. Tuesday and closed at 5 p.m. on Friday."],
    ),
    ("The vote ended at 10 p.m. It was close.", ["The vote ended at 10 p.m.", "It was close."]),
    ("Shares fell 2.5 percent.The index rose.", ["Shares fell 2.5 percent.", "The index rose."]),
    ("He arrived on Jan. 20 in Kyiv.", ["He arrived on Jan. 20 in Kyiv."]),
    ("Dr. Jane Doe and Prof. John Roe spoke.", ["Dr. Jane Doe and Prof. John Roe spoke."]),
    ("J. K. Rowling wrote it.", ["J. K. Rowling wrote it."]),
    ("She lives at No. 10 Downing St. in London.", ["She lives at No. 10 Downing St. in London."]),
    (
        '"It is hard to imagine a worse choice,"?Sen. Elizabeth Warren said.',
        ['"It is hard to imagine a worse choice,"?Sen. Elizabeth Warren said.'],
    ),
    (
        'DeVos"?highly contentious nomination passed. Teachers"?unions objected.',
        ['DeVos"?highly contentious nomination passed.', 'Teachers"?unions objected.'],
    ),
    ('"We will win," he said. "We must."', ['"We will win," he said.', '"We must."']),
    (
        "Apple Inc. reported profits. Microsoft Corp. did too.",
        ["Apple Inc. reported profits.", "Microsoft Corp. did too."],
    ),
    ("The U.N. Security Council met on Monday.", ["The U.N. Security Council met on Monday."]),
    ("Is it over? Nobody knows! Not yet.", ["Is it over?", "Nobody knows!", "Not yet."]),
    (
        "Prices rose 1.2 per cent in Sept. last year.",
        ["Prices rose 1.2 per cent in Sept. last year."],
    ),
    (
        "Gen. Mark Milley spoke. Lt. Col. Vindman listened.",
        ["Gen. Mark Milley spoke.", "Lt. Col. Vindman listened."],
    ),
    ("Visit bbc.co.uk for more. Updates follow.", ["Visit bbc.co.uk for more.", "Updates follow."]),
    # Golden Rules (pysbd)
    ("Hello World. My name is Jonas.", ["Hello World.", "My name is Jonas."]),
    ("What is your name? My name is Jonas.", ["What is your name?", "My name is Jonas."]),
    ("There it is! I found it.", ["There it is!", "I found it."]),
    ("My name is Jonas E. Smith.", ["My name is Jonas E. Smith."]),
    ("Please turn to p. 55.", ["Please turn to p. 55."]),
    ("Were Jane and co. at the party?", ["Were Jane and co. at the party?"]),
    (
        "They closed the deal with Pitt, Briggs & Co. at noon.",
        ["They closed the deal with Pitt, Briggs & Co. at noon."],
    ),
    ("Let's ask Jane and co. They should know.", ["Let's ask Jane and co.", "They should know."]),
    (
        "They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
        ["They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."],
    ),
    ("I can see Mt. Fuji from here.", ["I can see Mt. Fuji from here."]),
    (
        "St. Michael's Church is on 5th st. near the light.",
        ["St. Michael's Church is on 5th st. near the light."],
    ),
    ("That is JFK Jr.'s book.", ["That is JFK Jr.'s book."]),
    ("I visited the U.S.A. last year.", ["I visited the U.S.A. last year."]),
    ("I live in the E.U. How about you?", ["I live in the E.U.", "How about you?"]),
    ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
    (
        "I work for the U.S. Government in Virginia.",
        ["I work for the U.S. Government in Virginia."],
    ),
    ("I have lived in the U.S. for 20 years.", ["I have lived in the U.S. for 20 years."]),
    ("She has $100.00 in her bag.", ["She has $100.00 in her bag."]),
    ("She has $100.00. It is in her bag.", ["She has $100.00.", "It is in her bag."]),
    (
        "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
        [
            "He teaches science (He previously worked for 5 years as an engineer.) at the local University."
        ],
    ),
    (
        "Her email is Jane.Doe@example.com. I sent her an email.",
        ["Her email is Jane.Doe@example.com.", "I sent her an email."],
    ),
    (
        "The site is: https://www.example.50.com/new-site/awesome_content.html. Please check it out.",
        [
            "The site is: https://www.example.50.com/new-site/awesome_content.html.",
            "Please check it out.",
        ],
    ),
    (
        'She turned to him, "This is great." she said.',
        ['She turned to him, "This is great." she said.'],
    ),
    (
        'She turned to him, "This is great." She held the book out to show him.',
        ['She turned to him, "This is great."', "She held the book out to show him."],
    ),
    ("Hello!! Long time no see.", ["Hello!!", "Long time no see."]),
    ("Hello?? Who is there?", ["Hello??", "Who is there?"]),
    ("Hello!? Is that you?", ["Hello!?", "Is that you?"]),
    (
        "She works at Yahoo! in the accounting department.",
        ["She works at Yahoo! in the accounting department."],
    ),
    (
        "We make a good team, you and I. Did you see Albert I. Jones yesterday?",
        ["We make a good team, you and I.", "Did you see Albert I. Jones yesterday?"],
    ),
    (
        "I never meant that.... She left the store.",
        ["I never meant that....", "She left the store."],
    ),
]

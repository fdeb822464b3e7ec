/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sample"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "clt-sample.h"
#include "clt-text.h"

/* A generator of customer books that look like a real one: the people a
 * hotel or a shop in France, Switzerland, Belgium, Québec or the British
 * Isles would know, with the accents, hyphens, apostrophes and particles
 * that break naive code. Everything comes from one GRand, so a seed always
 * gives the same book. */

#define DAY (G_GINT64_CONSTANT (86400))

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])
#define PICK_LANG(rand, fr, array_fr, array_en) \
  ((fr) ? PICK (rand, array_fr) : PICK (rand, array_en))

typedef enum
{
  COUNTRY_FRANCE,
  COUNTRY_SWITZERLAND,
  COUNTRY_BELGIUM,
  COUNTRY_QUEBEC,
  COUNTRY_UK,
  COUNTRY_IRELAND,
  COUNTRY_USA,
} Country;

typedef struct
{
  const char *text;
  const char *category;
  gboolean    sensitive;
} Alert;

typedef struct
{
  const char *before;
  const char *after;
} CompanyPattern;

typedef struct
{
  CltStore *store;
  GRand    *rand;
  gint64    now;
  GString  *buf;
} Sample;

typedef struct
{
  gboolean    fr;
  gboolean    female;
  Country     country;
  const char *given;
  char       *family;
  const char *company;
  gboolean    company_only;
  gint64      id;
} Person;

static const char * const fr_female[] = {
  "Marie", "Camille", "Léa", "Manon", "Chloé", "Sophie", "Isabelle",
  "Nathalie", "Hélène", "Claire", "Julie", "Céline", "Sandrine", "Zoë",
  "Françoise", "Gaëlle", "Anaïs", "Agnès", "Maëlys", "Élodie", "Émilie",
  "Aurélie", "Valérie", "Sylvie", "Brigitte", "Juliette", "Inès",
  "Clémence", "Noémie", "Joëlle", "Geneviève", "Mathilde", "Océane",
  "Ophélie", "Laëtitia", "Thérèse", "Bérénice", "Cécile", "Adèle",
  "Solène", "Amélie", "Capucine", "Pénélope", "Maïté", "Marie-Claire",
  "Anne-Sophie", "Marie-Hélène", "Anne-Laure", "Lou", "Romane", "Eugénie",
  "Rosalie", "Danièle", "Ghislaine", "Josée", "Mélanie",
};

static const char * const fr_male[] = {
  "Jean", "Pierre", "Nicolas", "Julien", "Thomas", "Antoine", "Philippe",
  "Jérôme", "François", "Stéphane", "Frédéric", "Sébastien", "Benoît",
  "Loïc", "Noël", "Jean-Pierre", "Jean-Luc", "Jean-Baptiste", "Pierre-Yves",
  "Grégoire", "Théo", "Raphaël", "Gaël", "Joël", "Hervé", "René", "André",
  "Clément", "Rémi", "Jérémie", "Timothée", "Thibault", "Étienne", "Luc",
  "Marc", "Olivier", "Bruno", "Xavier", "Yannick", "Cédric", "Aurélien",
  "Maxime", "Hugo", "Lucas", "Louis", "Arnaud", "Guillaume", "Baptiste",
  "Côme", "Anatole", "Mathéo", "Elouan", "Quentin", "Gilles", "Lionel",
};

static const char * const fr_family[] = {
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
  "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel",
  "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
  "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
  "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
  "Henry", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
  "Fontaine", "Chevalier", "Robin", "Masson", "Gérard", "Nguyen", "Boyer",
  "Lemaire", "Duval", "Joly", "Roche", "Noël", "Meyer", "Meunier",
  "Pérez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas",
  "Brunet", "Schmitt", "Leroux", "Colin", "Renard", "Caron", "Aubert",
  "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard",
  "Gaillard", "Lacroix", "Fabre", "Dupuis", "Hubert", "Rivière", "Moulin",
  "Berger", "Lecomte", "Ménard", "Fleury", "Deschamps", "Carpentier",
  "Maillard", "Aubry", "Prévost", "Poirier", "Charpentier", "Huet",
  "Baron", "Dupuy", "Carré", "Breton", "Rémy", "Dupré", "Lévêque",
  "Cousin", "Marty", "Favre", "Rochat", "Perret", "Bonvin", "Peeters",
  "Janssens", "Tremblay", "Gagnon", "Côté", "Bouchard", "Lévesque",
  "Bélanger", "Pelletier", "Bergeron", "Ouellet", "Pépin", "Diallo",
  "Traoré", "Da Silva", "Le Goff", "Le Gall", "Le Bihan", "Le Roux",
  "de la Tour", "de Villiers", "du Bellay", "de Saint-Aubin", "Van der Berg",
  "Van Damme", "De Smet", "N’Diaye", "D’Angelo", "d’Arcy", "d’Estaing",
  "L’Huillier", "Dupont-Aignan", "Martin-Lavigne", "Chevalier-Roux",
  "Bonnet-Ferrand",
};

static const char * const en_female[] = {
  "Sarah", "Emma", "Olivia", "Charlotte", "Amelia", "Sophie", "Grace",
  "Hannah", "Lucy", "Emily", "Chloe", "Zoë", "Ella", "Megan", "Rachel",
  "Rebecca", "Laura", "Jessica", "Catherine", "Elizabeth", "Eleanor",
  "Harriet", "Imogen", "Poppy", "Abigail", "Siobhán", "Aoife", "Niamh",
  "Anne-Marie", "Mary-Kate", "Chloé", "Renée", "Zoe", "Margaret", "Joanne",
};

static const char * const en_male[] = {
  "James", "John", "Oliver", "Harry", "George", "Jack", "Noah", "William",
  "Thomas", "Daniel", "Matthew", "Michael", "David", "Christopher",
  "Andrew", "Patrick", "Seán", "Liam", "Connor", "Edward", "Henry",
  "Samuel", "Benjamin", "Alexander", "Joshua", "Ryan", "Callum", "Rhys",
  "Owen", "Gareth", "Ian", "Nigel", "Graham", "Stuart", "Hugh", "Rory",
  "Declan", "Zoltán", "José",
};

static const char * const en_family[] = {
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans",
  "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson",
  "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
  "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner",
  "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee",
  "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott",
  "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young",
  "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson",
  "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox",
  "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
  "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray",
  "Mason", "Hunt", "Campbell", "Matthews", "Palmer", "Holmes", "Mills",
  "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Fisher", "Jenkins",
  "Murray", "Dixon", "Harvey", "McDonald", "MacLeod", "Fitzgerald",
  "O'Brien", "O'Connor", "O'Neill", "O'Sullivan", "D'Angelo", "d'Arcy",
  "Van der Berg", "de Souza", "St John", "Smith-Jones", "Bowes-Lyon",
  "Heath-Stubbs", "Lloyd-Webber", "Brontë", "Nuñez",
};

static const CompanyPattern fr_company[] = {
  { "Boulangerie ", "" }, { "Garage ", " & Fils" }, { "Cabinet ", "" },
  { "Fromagerie ", "" }, { "Maison ", "" }, { "Domaine ", "" },
  { "Pharmacie ", "" }, { "Transports ", " SA" },
};

static const char * const fr_company_fixed[] = {
  "Hôtel du Lac", "Hôtel des Alpes", "Pharmacie du Marché",
  "Librairie des Quais", "Café de la Gare", "Brasserie L’Étoile",
  "Fleurs & Cie", "Auberge du Vieux Moulin", "Coiffure Élégance",
  "Mairie de Saint-Gervais", "Crèche Les Petits Loups",
};

static const CompanyPattern en_company[] = {
  { "", " & Sons" }, { "", " Consulting Ltd" }, { "", " Plumbing" },
  { "", " & Co" }, { "", " Joinery" },
};

static const char * const en_company_fixed[] = {
  "Acme Ltd", "The Red Lion", "Harbour View B&B", "Northern Lights Travel",
  "Blue Door Bakery", "St Mary's Surgery", "Thistle & Rose Florists",
  "Kingfisher Events Ltd",
};

static const char * const fr_mailboxes[] = {
  "contact", "accueil", "info", "reservation",
};

static const char * const en_mailboxes[] = {
  "info", "office", "hello", "bookings",
};

static const char * const fr_room[] = {
  "Chambre côté cour, au calme", "Étage élevé, loin de l’ascenseur",
  "Lit double, pas de lits jumeaux", "Deux oreillers fermes en plus",
  "Vue sur le lac si possible", "Baignoire plutôt que douche",
  "Table près de la fenêtre", "Départ tardif quand c’est possible",
};

static const char * const en_room[] = {
  "High floor, away from the lift", "Quiet room at the back",
  "King bed, not twins", "Two extra pillows, firm",
  "Room with a bath, not just a shower", "Late checkout when possible",
  "Table by the window", "Lake view if available",
};

static const char * const fr_food[] = {
  "Sans gluten", "Café serré, sans sucre", "Pas de fromage au petit-déjeuner",
  "Aime le vin de Savoie", "Thé vert le matin", "Pas de porc",
  "Croissant et jus d’orange pressé", "Eau plate, jamais gazeuse",
};

static const char * const en_food[] = {
  "Vegetarian", "No coriander", "Vegan", "Oat milk in coffee",
  "Gluten-free", "Likes a dry white wine", "Halal", "Decaf after 4pm",
};

static const char * const fr_communication[] = {
  "Seulement par e-mail, jamais par téléphone", "Préfère les SMS",
  "Appeler sur le portable, pas au bureau", "Ne pas envoyer de lettre d’information",
  "Tutoiement bienvenu", "Répondre en fin de journée",
};

static const char * const en_communication[] = {
  "Only e-mail, never phone", "Text messages preferred",
  "Call the mobile, not the office", "No marketing mail",
  "Reply in the evening", "Happy with first names",
};

static const char * const fr_sizes_female[] = {
  "Taille 40, pointure 38", "Taille 38, pointure 37", "Taille 42, pointure 39",
  "Taille 36, pointure 36", "Taille S, pointure 38½",
};

static const char * const fr_sizes_male[] = {
  "Taille M, pointure 43", "Taille L, pointure 44", "Chemise 41, pantalon 44",
  "Taille 50, pointure 42", "Taille XL, pointure 45",
};

static const char * const en_sizes_female[] = {
  "Size 12, shoe size 6", "Size 10, shoe size 5½", "Size 14, shoe size 7",
  "Petite, size 8", "Medium, shoe size 6",
};

static const char * const en_sizes_male[] = {
  "Medium, shoe size 9", "Large, shoe size 11", "Collar 15½, waist 34",
  "Collar 16, waist 36", "Extra large, shoe size 12",
};

static const Alert fr_alerts[] = {
  { "Allergique aux plumes", "room", TRUE },
  { "Allergique aux arachides", "food", TRUE },
  { "Allergie aux fruits de mer", "food", TRUE },
  { "Jamais avant 10h", "communication", FALSE },
  { "Facture contestée — voir la direction", "billing", FALSE },
  { "Fauteuil roulant : rez-de-chaussée uniquement", "room", TRUE },
  { "Diabétique : pas de sucre au petit-déjeuner", "food", TRUE },
  { "Paiement d’avance uniquement", "billing", FALSE },
};

static const Alert en_alerts[] = {
  { "Allergic to peanuts", "food", TRUE },
  { "Allergic to feathers: synthetic pillows only", "room", TRUE },
  { "Severe shellfish allergy", "food", TRUE },
  { "Never before 10am", "communication", FALSE },
  { "Disputed invoice — see the manager", "billing", FALSE },
  { "Wheelchair user: ground floor only", "room", TRUE },
  { "Lactose intolerant", "food", TRUE },
  { "Payment in advance only", "billing", FALSE },
};

static const char * const fr_notes[] = {
  "Vient chaque année pour le festival de jazz",
  "Fête son anniversaire de mariage en juin",
  "Amie de la famille Moreau, à traiter avec attention",
  "Préfère régler par virement",
  "A recommandé la maison à ses collègues",
  "Voyage souvent avec son chien, Biscotte",
  "Très satisfaite du dernier séjour, l’a dit à l’accueil",
  "Demande toujours le journal local",
  "Travaille à la mairie, connaît bien le quartier",
  "Ne pas proposer la chambre 12 (mauvais souvenir)",
};

static const char * const en_notes[] = {
  "Comes every year for the jazz festival",
  "Wedding anniversary in June",
  "Travels with a small dog called Biscuit",
  "Pays by bank transfer",
  "Recommended us to colleagues",
  "Very happy with the last stay, said so at the desk",
  "Always asks for the local paper",
  "Works at the hospital, odd hours",
  "Do not offer room 12 (bad memory)",
  "Brother of the florist on the square",
};

static const char * const staff[] = {
  "Julie", "Marc", "Sophie", "Karim", "Léa", "Thomas", "Nadia", "Émile",
};

static const char * const fr_visit[] = {
  "Passé en boutique", "Essayage", "A regardé la nouvelle collection",
  "Dîner au restaurant", "Apéritif au bar avec des amis",
};

static const char * const en_visit[] = {
  "Dropped in", "Fitting", "Looked at the new collection",
  "Dinner at the restaurant", "Drinks at the bar with friends",
};

static const char * const fr_call[] = {
  "A appelé pour réserver", "Rappel pour confirmer l’arrivée",
  "Question sur la facture", "Demande de devis pour un séminaire",
  "Message laissé sur le répondeur",
};

static const char * const en_call[] = {
  "Called to book", "Called back to confirm arrival",
  "Question about the invoice", "Asked for a quote for a seminar",
  "Left a voicemail",
};

static const char * const fr_purchase[] = {
  "Écharpe en cachemire", "Robe bleue", "Deux bouteilles de Chasselas",
  "Carte cadeau", "Chaussures de marche", "Coffret de thés",
};

static const char * const en_purchase[] = {
  "Cashmere scarf", "Blue dress", "Two bottles of Chablis",
  "Gift card", "Walking boots", "Tea gift box",
};

static const char * const fr_complaint[] = {
  "Bruit de la chambre voisine", "Attente trop longue au petit-déjeuner",
  "Article défectueux, échangé", "Erreur sur la facture, corrigée",
};

static const char * const en_complaint[] = {
  "Noise from the next room", "Long wait at breakfast",
  "Faulty item, exchanged", "Mistake on the bill, corrected",
};

static const char * const fr_other[] = {
  "Carte de vœux envoyée", "Bouquet livré pour son anniversaire",
  "Objet oublié renvoyé par la poste",
};

static const char * const en_other[] = {
  "Greeting card sent", "Flowers delivered for the birthday",
  "Lost property posted back",
};

static const char * const fr_promises[] = {
  "Rappeler pour confirmer la réservation",
  "Envoyer le devis pour le séminaire",
  "Mettre de côté la robe en taille 40",
  "Prévenir quand la commande arrive",
  "Rembourser la nuit contestée",
  "Réserver une table pour vendredi soir",
};

static const char * const en_promises[] = {
  "Call back to confirm the booking",
  "Send the quote for the seminar",
  "Hold the blue coat in size 12",
  "Let them know when the order arrives",
  "Refund the disputed night",
  "Your size arrives Friday: call when it does",
};

static const char * const tags[] = {
  "Habitué(e)", "Groupe", "Presse", "Fidélité",
};

/* A draw that favours the first entries of a list, as real books have far
 * more Martins than Lévêques. */
static guint
pick_skewed (GRand *rand,
             guint  n)
{
  double u = g_rand_double (rand);

  return MIN ((guint) (n * u * u), n - 1);
}

static gboolean
chance (GRand  *rand,
        double  probability)
{
  return g_rand_double (rand) < probability;
}

/* A moment during opening hours, @days from the day of @now (negative:
 * before it), to the minute. */
static gint64
opening_hours (GRand  *rand,
               gint64  now,
               int     days)
{
  gint64 day = now - now % DAY + days * DAY;

  return day + 8 * 3600 + g_rand_int_range (rand, 0, 11 * 60) * 60;
}

static void
append_digits (Sample *sample,
               guint   n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (sample->buf, '0' + g_rand_int_range (sample->rand, 0, 10));
}

static void
append_pairs (Sample *sample,
              guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      g_string_append_c (sample->buf, ' ');
      append_digits (sample, 2);
    }
}

/* A number as people write it in that country, in national or
 * international form, into sample->buf; returns its label. */
static const char *
make_phone (Sample  *sample,
            Country  country)
{
  GRand *rand = sample->rand;
  gboolean mobile = chance (rand, 0.65);
  gboolean international = chance (rand, 0.4);
  GString *buf = sample->buf;

  g_string_truncate (buf, 0);
  switch (country)
    {
    case COUNTRY_FRANCE:
      {
        int first = mobile ? (chance (rand, 0.8) ? 6 : 7) : g_rand_int_range (rand, 1, 6);

        if (international)
          g_string_append_printf (buf, "+33 %d", first);
        else
          g_string_append_printf (buf, "0%d", first);
        append_pairs (sample, 4);
      }
      break;

    case COUNTRY_SWITZERLAND:
      {
        static const int mobile_codes[] = { 76, 77, 78, 79 };
        static const int area_codes[] = { 21, 22, 24, 26, 27, 31, 44 };
        int code = mobile ? PICK (rand, mobile_codes) : PICK (rand, area_codes);

        g_string_append_printf (buf, international ? "+41 %d " : "0%d ", code);
        append_digits (sample, 3);
        append_pairs (sample, 2);
      }
      break;

    case COUNTRY_BELGIUM:
      if (mobile)
        {
          g_string_append_printf (buf, international ? "+32 %d" : "0%d",
                                  g_rand_int_range (rand, 470, 500));
          append_pairs (sample, 3);
        }
      else
        {
          g_string_append (buf, international ? "+32 2 " : "02 ");
          append_digits (sample, 3);
          append_pairs (sample, 2);
        }
      break;

    case COUNTRY_QUEBEC:
    case COUNTRY_USA:
      {
        static const int quebec[] = { 514, 438, 418, 581, 450, 819 };
        static const int usa[] = { 212, 617, 415, 312, 202 };
        int area = country == COUNTRY_QUEBEC ? PICK (rand, quebec) : PICK (rand, usa);
        int exchange = g_rand_int_range (rand, 200, 1000);

        if (international)
          g_string_append_printf (buf, "+1 %d %d ", area, exchange);
        else if (chance (rand, 0.5))
          g_string_append_printf (buf, "(%d) %d-", area, exchange);
        else
          g_string_append_printf (buf, "%d-%d-", area, exchange);
        append_digits (sample, 4);
      }
      break;

    case COUNTRY_UK:
      if (mobile)
        {
          g_string_append (buf, international ? "+44 7" : "07");
          append_digits (sample, 3);
          g_string_append_c (buf, ' ');
          append_digits (sample, 6);
        }
      else
        {
          /* London numbers are 020 7946 0958, Manchester 0161 496 0123. */
          static const struct { const char *area; guint n; } areas[] = {
            { "20 7", 3 }, { "20 8", 3 }, { "161 4", 2 }, { "131 2", 2 }, { "117 9", 2 },
          };
          guint which = g_rand_int_range (rand, 0, G_N_ELEMENTS (areas));

          g_string_append_printf (buf, international ? "+44 %s" : "0%s", areas[which].area);
          append_digits (sample, areas[which].n);
          g_string_append_c (buf, ' ');
          append_digits (sample, 4);
        }
      break;

    case COUNTRY_IRELAND:
    default:
      if (mobile)
        g_string_append_printf (buf, international ? "+353 8%d " : "08%d ",
                                g_rand_int_range (rand, 3, 10));
      else
        g_string_append (buf, international ? "+353 1 " : "01 ");
      append_digits (sample, 3);
      g_string_append_c (buf, ' ');
      append_digits (sample, 4);
      break;
    }

  if (mobile)
    return "mobile";
  return chance (rand, 0.6) ? "home" : "work";
}

/* The ASCII an address is made of: folded, letters, digits and hyphens. */
/* A name already in two parts: "Le Goff", "Dupont-Aignan", "d’Arcy". */
static gboolean
is_compound (const char *name)
{
  return strpbrk (name, " -'") != NULL || strstr (name, "’") != NULL;
}

static char *
email_part (const char *text)
{
  g_autofree char *folded = clt_text_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    if (g_ascii_isalnum (*p) || (*p == '-' && out->len > 0))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static char *
company_domain (const char *company,
                Country     country)
{
  g_autofree char *folded = clt_text_fold (company);
  GString *out = g_string_new (NULL);
  const char *tld;

  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, *p);
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);

  switch (country)
    {
    case COUNTRY_FRANCE: tld = ".fr"; break;
    case COUNTRY_SWITZERLAND: tld = ".ch"; break;
    case COUNTRY_BELGIUM: tld = ".be"; break;
    case COUNTRY_QUEBEC: tld = ".ca"; break;
    case COUNTRY_UK: tld = ".co.uk"; break;
    case COUNTRY_IRELAND: tld = ".ie"; break;
    case COUNTRY_USA:
    default: tld = ".com"; break;
    }
  g_string_append (out, tld);

  return g_string_free (out, FALSE);
}

static const char *
personal_domain (GRand   *rand,
                 Country  country)
{
  static const char * const france[] = {
    "orange.fr", "free.fr", "gmail.com", "wanadoo.fr", "laposte.net",
    "sfr.fr", "hotmail.fr", "yahoo.fr", "outlook.com",
  };
  static const char * const switzerland[] = {
    "bluewin.ch", "gmail.com", "gmx.ch", "sunrise.ch", "outlook.com",
  };
  static const char * const belgium[] = {
    "skynet.be", "telenet.be", "gmail.com", "proximus.be", "hotmail.com",
  };
  static const char * const quebec[] = {
    "videotron.ca", "gmail.com", "sympatico.ca", "outlook.com", "hotmail.ca",
  };
  static const char * const uk[] = {
    "gmail.com", "outlook.com", "btinternet.com", "hotmail.co.uk",
    "yahoo.co.uk", "sky.com", "icloud.com",
  };
  static const char * const ireland[] = { "eircom.net", "gmail.com", "outlook.com" };
  static const char * const usa[] = { "gmail.com", "outlook.com", "icloud.com", "yahoo.com" };

  switch (country)
    {
    case COUNTRY_FRANCE: return PICK (rand, france);
    case COUNTRY_SWITZERLAND: return PICK (rand, switzerland);
    case COUNTRY_BELGIUM: return PICK (rand, belgium);
    case COUNTRY_QUEBEC: return PICK (rand, quebec);
    case COUNTRY_UK: return PICK (rand, uk);
    case COUNTRY_IRELAND: return PICK (rand, ireland);
    case COUNTRY_USA:
    default: return PICK (rand, usa);
    }
}

/* An address derived from the name, the way people pick theirs:
 * jean-pierre.dupont@orange.fr, hdupre@free.fr, obrien.sean77@gmail.com. */
static char *
make_email (Sample       *sample,
            const Person *person,
            gboolean      work)
{
  GRand *rand = sample->rand;
  g_autofree char *given = email_part (person->given ? person->given : "");
  g_autofree char *family = email_part (person->family ? person->family : "");
  g_autofree char *domain = NULL;
  GString *local = g_string_new (NULL);

  if (work && person->company != NULL)
    domain = company_domain (person->company, person->country);
  else
    domain = g_strdup (personal_domain (rand, person->country));

  if (person->company_only)
    g_string_append (local, PICK_LANG (rand, person->fr, fr_mailboxes, en_mailboxes));
  else if (*given == '\0' || *family == '\0')
    g_string_append (local, *family ? family : given);
  else
    switch (g_rand_int_range (rand, 0, 6))
      {
      case 0:
      case 1:
        g_string_printf (local, "%s.%s", given, family);
        break;
      case 2:
        g_string_printf (local, "%c%s", given[0], family);
        break;
      case 3:
        g_string_printf (local, "%s.%s", family, given);
        break;
      case 4:
        g_string_printf (local, "%s_%s", given, family);
        break;
      default:
        g_string_printf (local, "%s%s", given, family);
        break;
      }

  if (!work && chance (rand, 0.35))
    g_string_append_printf (local, "%d", g_rand_int_range (rand, 1, 100));

  g_string_append_printf (local, "@%s", domain);

  return g_string_free (local, FALSE);
}

static Country
pick_country (GRand    *rand,
              gboolean  fr)
{
  double u = g_rand_double (rand);

  if (fr)
    return u < 0.70 ? COUNTRY_FRANCE :
           u < 0.82 ? COUNTRY_SWITZERLAND :
           u < 0.92 ? COUNTRY_BELGIUM : COUNTRY_QUEBEC;

  return u < 0.75 ? COUNTRY_UK :
         u < 0.85 ? COUNTRY_IRELAND :
         u < 0.95 ? COUNTRY_QUEBEC : COUNTRY_USA;
}

static char *
pick_family (GRand    *rand,
             gboolean  fr)
{
  const char * const *names = fr ? fr_family : en_family;
  guint n = fr ? G_N_ELEMENTS (fr_family) : G_N_ELEMENTS (en_family);
  const char *first = names[pick_skewed (rand, n)];

  /* Double-barrelled names made on the spot, beside the listed ones. */
  if (chance (rand, 0.03))
    {
      const char *second = names[g_rand_int_range (rand, 0, n)];

      if (!is_compound (first) && !is_compound (second) &&
          g_strcmp0 (first, second) != 0)
        return g_strdup_printf ("%s-%s", first, second);
    }

  return g_strdup (first);
}

static const char *
pick_honorific (GRand        *rand,
                const Person *person)
{
  if (chance (rand, 0.08))
    return "Dr";
  if (person->fr)
    return person->female ? "Mme" : "M.";
  if (person->female)
    return chance (rand, 0.6) ? "Ms" : "Mrs";
  return "Mr";
}

static char *
make_company (GRand        *rand,
              const Person *person)
{
  if (chance (rand, 0.5))
    return g_strdup (PICK_LANG (rand, person->fr, fr_company_fixed, en_company_fixed));

  {
    const CompanyPattern *pattern = person->fr ? &PICK (rand, fr_company)
                                               : &PICK (rand, en_company);

    return g_strconcat (pattern->before, person->family, pattern->after, NULL);
  }
}

static char *
make_interaction_note (Sample             *sample,
                       const Person       *person,
                       CltInteractionKind  kind)
{
  GRand *rand = sample->rand;
  gboolean fr = person->fr;

  switch (kind)
    {
    case CLT_INTERACTION_STAY:
      {
        int storey = g_rand_int_range (rand, 1, 5);
        int room = storey * 100 + g_rand_int_range (rand, 1, 30);
        int nights = g_rand_int_range (rand, 1, 8);

        if (fr)
          return g_strdup_printf ("Chambre %d, %d nuit%s", room, nights, nights > 1 ? "s" : "");
        return g_strdup_printf ("Room %d, %d night%s", room, nights, nights > 1 ? "s" : "");
      }

    case CLT_INTERACTION_VISIT:
      return g_strdup (PICK_LANG (rand, fr, fr_visit, en_visit));
    case CLT_INTERACTION_CALL:
      return g_strdup (PICK_LANG (rand, fr, fr_call, en_call));
    case CLT_INTERACTION_PURCHASE:
      return g_strdup (PICK_LANG (rand, fr, fr_purchase, en_purchase));
    case CLT_INTERACTION_COMPLAINT:
      return g_strdup (PICK_LANG (rand, fr, fr_complaint, en_complaint));
    case CLT_INTERACTION_EMAIL_IN:
    case CLT_INTERACTION_EMAIL_OUT:
    case CLT_INTERACTION_OTHER:
    default:
      return g_strdup (PICK_LANG (rand, fr, fr_other, en_other));
    }
}

static CltInteractionKind
pick_kind (GRand *rand)
{
  int u = g_rand_int_range (rand, 0, 100);

  if (u < 30)
    return CLT_INTERACTION_VISIT;
  if (u < 50)
    return CLT_INTERACTION_STAY;
  if (u < 70)
    return CLT_INTERACTION_CALL;
  if (u < 90)
    return CLT_INTERACTION_PURCHASE;
  if (u < 94)
    return CLT_INTERACTION_COMPLAINT;
  return CLT_INTERACTION_OTHER;
}

static gboolean
add_contacts (Sample        *sample,
              const Person  *person,
              GError       **error)
{
  GRand *rand = sample->rand;
  guint n_emails = 1;
  guint n_phones = 1;

  /* One draw per statement: the order of draws within an expression is
   * the compiler's choice, and the book must not depend on it. */
  if (chance (rand, 0.3))
    n_emails++;
  if (chance (rand, 0.08))
    n_emails++;
  if (chance (rand, 0.4))
    n_phones++;

  for (guint i = 0; i < n_emails; i++)
    {
      gboolean work = person->company != NULL && (i > 0 || person->company_only);
      g_autofree char *email = make_email (sample, person, work);
      const char *label = work ? "work" : (i == 0 ? "home" : (chance (rand, 0.7) ? "work" : "other"));

      clt_store_add_contact (sample->store, person->id, CLT_CONTACT_EMAIL, label, email, error);
      if (*error != NULL)
        return FALSE;
    }

  for (guint i = 0; i < n_phones; i++)
    {
      /* A second number is now and then from another country: the
       * Swiss mobile of a customer who lives in France. */
      Country country = i > 0 && chance (rand, 0.15) ? pick_country (rand, person->fr) : person->country;
      const char *label = make_phone (sample, country);

      clt_store_add_contact (sample->store, person->id, CLT_CONTACT_PHONE, label,
                             sample->buf->str, error);
      if (*error != NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_preferences (Sample        *sample,
                 const Person  *person,
                 GError       **error)
{
  GRand *rand = sample->rand;
  gboolean fr = person->fr;
  guint n = pick_skewed (rand, 5);
  gboolean used[4] = { FALSE, };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = NULL;
      const char *category;
      guint which = g_rand_int_range (rand, 0, 4);

      /* One standing wish per category reads like a real card. */
      if (used[which])
        continue;
      used[which] = TRUE;

      switch (which)
        {
        case 0:
          category = "room";
          text = g_strdup (PICK_LANG (rand, fr, fr_room, en_room));
          break;
        case 1:
          category = "food";
          if (fr && chance (rand, 0.3))
            text = g_strdup (person->female ? "Végétarienne" : "Végétarien");
          else
            text = g_strdup (PICK_LANG (rand, fr, fr_food, en_food));
          break;
        case 2:
          category = "communication";
          if (chance (rand, 0.3) && person->family != NULL && person->given != NULL)
            {
              if (fr)
                text = g_strdup_printf (person->female ? "Préfère être appelée Madame %s"
                                                       : "Préfère être appelé Monsieur %s",
                                        person->family);
              else
                text = g_strdup_printf ("Prefers to be called %s", person->given);
            }
          else
            text = g_strdup (PICK_LANG (rand, fr, fr_communication, en_communication));
          break;
        default:
          category = "sizes";
          if (fr)
            text = g_strdup (person->female ? PICK (rand, fr_sizes_female) : PICK (rand, fr_sizes_male));
          else
            text = g_strdup (person->female ? PICK (rand, en_sizes_female) : PICK (rand, en_sizes_male));
          break;
        }

      clt_store_add_preference (sample->store, person->id, category, text,
                                CLT_PREFERENCE_NONE, error);
      if (*error != NULL)
        return FALSE;
    }

  if (chance (rand, 0.15))
    {
      const Alert *alert = fr ? &PICK (rand, fr_alerts) : &PICK (rand, en_alerts);
      CltPreferenceFlags flags = CLT_PREFERENCE_ALERT;

      if (alert->sensitive)
        flags |= CLT_PREFERENCE_SENSITIVE;

      clt_store_add_preference (sample->store, person->id, alert->category,
                                alert->text, flags, error);
      if (*error != NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_notes (Sample        *sample,
           const Person  *person,
           GError       **error)
{
  GRand *rand = sample->rand;
  guint n = pick_skewed (rand, 4);

  for (guint i = 0; i < n; i++)
    {
      const char *text = PICK_LANG (rand, person->fr, fr_notes, en_notes);
      const char *author = PICK (rand, staff);
      gboolean pinned = chance (rand, 0.25);

      clt_store_add_note (sample->store, person->id, text, author, pinned, error);
      if (*error != NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_history (Sample        *sample,
             const Person  *person,
             guint         *n_past,
             GError       **error)
{
  GRand *rand = sample->rand;
  guint n = pick_skewed (rand, 13);

  for (guint i = 0; i < n; i++)
    {
      CltInteractionKind kind = pick_kind (rand);
      gint64 at = opening_hours (rand, sample->now, -g_rand_int_range (rand, 1, 3 * 365 + 1));
      g_autofree char *note = NULL;
      const char *by = chance (rand, 0.85) ? PICK (rand, staff) : NULL;

      if (kind == CLT_INTERACTION_COMPLAINT || chance (rand, 0.4))
        note = make_interaction_note (sample, person, kind);

      clt_store_add_interaction (sample->store, person->id, kind, at, FALSE, note, by, error);
      if (*error != NULL)
        return FALSE;
    }
  *n_past = n;

  if (chance (rand, 0.06))
    {
      CltInteractionKind kind = chance (rand, 0.6) ? CLT_INTERACTION_STAY : CLT_INTERACTION_VISIT;
      gint64 at = opening_hours (rand, sample->now, g_rand_int_range (rand, 1, 30));
      const char *note = kind == CLT_INTERACTION_STAY ?
                         (person->fr ? "Arrivée prévue" : "Expected arrival") :
                         (person->fr ? "Rendez-vous" : "Appointment");

      clt_store_add_interaction (sample->store, person->id, kind, at, TRUE, note,
                                 PICK (rand, staff), error);
      if (*error != NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_tags_and_promise (Sample        *sample,
                      const Person  *person,
                      gboolean       vip,
                      guint          n_past,
                      GError       **error)
{
  GRand *rand = sample->rand;

  if ((n_past >= 8 && chance (rand, 0.5)) || chance (rand, 0.05))
    {
      clt_store_add_tag (sample->store, person->id,
                         chance (rand, 0.7) ? "Habitué(e)" : PICK (rand, tags), error);
      if (*error != NULL)
        return FALSE;
    }

  if (person->company != NULL && chance (rand, 0.3))
    {
      clt_store_add_tag (sample->store, person->id, "Groupe", error);
      if (*error != NULL)
        return FALSE;
    }

  if (chance (rand, 0.05))
    {
      const char *text = PICK_LANG (rand, person->fr, fr_promises, en_promises);
      gint64 due = opening_hours (rand, sample->now, g_rand_int_range (rand, -10, 10));
      gboolean all_day = chance (rand, 0.5);

      if (all_day)
        due -= due % DAY;

      clt_store_add_promise (sample->store, person->id, text, PICK (rand, staff),
                             due, all_day, error);
      if (*error != NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_one (Sample  *sample,
         GError **error)
{
  GRand *rand = sample->rand;
  g_autoptr(CltCustomer) customer = NULL;
  g_autofree char *family = NULL;
  g_autofree char *company = NULL;
  Person person = { 0, };
  double kind = g_rand_double (rand);
  gboolean company_only = kind < 0.03;
  gboolean vip;
  guint n_past = 0;

  g_assert (error != NULL && *error == NULL);

  person.fr = chance (rand, 0.6);
  person.female = chance (rand, 0.52);
  person.country = pick_country (rand, person.fr);
  family = pick_family (rand, person.fr);

  if (person.female)
    person.given = person.fr ? fr_female[pick_skewed (rand, G_N_ELEMENTS (fr_female))]
                             : en_female[pick_skewed (rand, G_N_ELEMENTS (en_female))];
  else
    person.given = person.fr ? fr_male[pick_skewed (rand, G_N_ELEMENTS (fr_male))]
                             : en_male[pick_skewed (rand, G_N_ELEMENTS (en_male))];

  if (company_only || kind < 0.09)
    {
      person.family = family;
      company = make_company (rand, &person);
      person.company = company;
    }

  if (company_only)
    {
      /* A business on its own: the book holds its name, and addresses
       * derive from the company. */
      customer = clt_customer_new (NULL);
      person.company_only = TRUE;
      person.given = NULL;
      person.family = NULL;
    }
  else
    {
      g_autofree char *full_name = NULL;

      person.family = family;
      if (chance (rand, 0.25))
        full_name = g_strdup_printf ("%s %s %s", pick_honorific (rand, &person),
                                     person.given, person.family);
      else
        full_name = g_strdup_printf ("%s %s", person.given, person.family);
      customer = clt_customer_new (full_name);

      if (chance (rand, 0.04))
        {
          g_autofree char *addressed = NULL;

          if (person.fr)
            addressed = g_strdup_printf ("%s %s", person.female ? "Madame" : "Monsieur",
                                         person.family);
          else
            addressed = g_strdup (person.given);
          clt_customer_set_addressed_as (customer, addressed);
        }
    }

  if (company != NULL)
    clt_customer_set_company (customer, company);
  clt_customer_set_language (customer, person.fr ? "fr" : "en");

  if (!company_only && chance (rand, 0.3))
    {
      int year = g_rand_int_range (rand, 1940, 2006);
      int month = g_rand_int_range (rand, 1, 13);
      int day = g_rand_int_range (rand, 1, g_date_get_days_in_month (month, year) + 1);
      g_autofree char *birthday = g_strdup_printf ("%04d-%02d-%02d", year, month, day);

      clt_customer_set_birthday (customer, birthday);
    }

  vip = chance (rand, 0.05);
  clt_customer_set_vip (customer, vip);

  {
    double u = g_rand_double (rand);

    clt_customer_set_email_consent (customer,
                                    u < 0.4 ? CLT_CONSENT_NONE :
                                    u < 0.8 ? CLT_CONSENT_FOLLOW_UPS : CLT_CONSENT_MARKETING);
  }

  person.id = clt_store_add_customer (sample->store, customer, error);
  if (*error != NULL)
    return FALSE;
  g_assert (person.id > 0);

  return add_contacts (sample, &person, error) &&
         add_preferences (sample, &person, error) &&
         add_notes (sample, &person, error) &&
         add_history (sample, &person, &n_past, error) &&
         add_tags_and_promise (sample, &person, vip, n_past, error);
}

/**
 * clt_sample_fill:
 * @store: an open store
 * @n_customers: how many customers to add
 * @seed: the same seed gives the same book
 * @now_unix: the present of the book: history before it, plans and
 *   promises around it
 * @progress: (nullable): called every 1000 customers and at the end
 * @user_data: for @progress
 * @cancellable: (nullable): cancels the whole fill
 * @error: return location for a #GError
 *
 * Adds a generated book of realistic customers, for demonstrations, tests
 * and benchmarks, in one transaction: on error or cancellation nothing is
 * added.
 *
 * Returns: %TRUE when all the customers were added
 */
gboolean
clt_sample_fill (CltStore           *store,
                 guint               n_customers,
                 guint32             seed,
                 gint64              now_unix,
                 CltSampleProgress   progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  Sample sample;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!clt_store_begin (store, error))
    return FALSE;

  sample.store = store;
  sample.rand = g_rand_new_with_seed (seed);
  sample.now = now_unix;
  sample.buf = g_string_sized_new (64);

  for (guint i = 0; i < n_customers; i++)
    {
      if (i % 64 == 0 && g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;

      if (!add_one (&sample, &local_error))
        break;

      if (progress != NULL && ((i + 1) % 1000 == 0 || i + 1 == n_customers))
        progress (i + 1, n_customers, user_data);
    }

  g_rand_free (sample.rand);
  g_string_free (sample.buf, TRUE);

  if (local_error != NULL)
    {
      clt_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* A failed commit has already rolled back. */
  return clt_store_commit (store, error);
}

typedef struct
{
  char  *path;
  guint  n_customers;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
remove_book (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  remove_book (data->path);
  store = clt_store_open (data->path, &error);
  if (store == NULL ||
      !clt_sample_fill (store, data->n_customers, g_random_int (),
                        g_get_real_time () / G_USEC_PER_SEC, NULL, NULL, cancellable, &error))
    {
      g_clear_object (&store);
      remove_book (data->path);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * clt_sample_create_async:
 * @path: the sample book's file, replaced if it exists
 *
 * Writes a new sample book in a worker thread with its own connection.
 */
void
clt_sample_create_async (const char          *path,
                         guint                n_customers,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (CreateData, 1);
  data->path = g_strdup (path);
  data->n_customers = n_customers;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_sample_create_async);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}

gboolean
clt_sample_create_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

"""Every write of the Fachkräftematrix, by part: occupations and indicators (reference data,
the Engpassanalyse import), survey (the company survey), supply (supply figures, training
offers), matrix (gap decisions), succession (the Nachfolgebörse)."""

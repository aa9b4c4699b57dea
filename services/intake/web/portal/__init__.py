"""The owner's form and the pages behind every person's link (owner, learner, coach, ...)."""

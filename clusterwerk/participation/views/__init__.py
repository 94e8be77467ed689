"""The pages of the Beteiligung, by what they show. Every page works for the request's
cluster (`request.cluster`, the tenant) and passes it to the funnels and services."""

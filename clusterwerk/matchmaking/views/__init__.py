"""The pages of the Kooperationsbörse. Every view works for the request's cluster
(`request.cluster`, see `core.middleware.ClusterMiddleware`) and passes it down."""

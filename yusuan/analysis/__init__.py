"""What analysts read from the warehouse: the named views (schemas/views.yaml), their export to
files (`yusuan export`), and a SQL shell over the warehouse (`yusuan sql`)."""
